// Provenance: the record of one run of nhood (how it was asked, what it read),
// so that writers can refuse to overwrite an input and every output carries
// `<output>.provenance.json`.
//
// A `Run` is opened once per command invocation (the CLI opens one in
// RunCli). While it is open it is the process's current run:
// - io's readers (ReadTable, ReadPolygons, ReadTextFile) record every file
//   they read in it;
// - io's writers (WriteTable, WriteLayer(s), WriteTextFile, StagedDirectory)
//   refuse an output that is the same file as one of its inputs (same inode,
//   or the same canonical path), or, for a directory, one that holds an input;
// - every file written outside a staged directory gets
//   `<output>.provenance.json` (a staged directory gets one `provenance.json`
//   inside it, see staged_directory.h).
// Without an open run (library use, unit tests) readers record nothing and
// writers check only the inputs they are given.
//
// A provenance record holds: the nhood version from the build (version.h),
// the UTC time, the command line, the options as given, the seed, the data
// directory, and every input with its size, SHA-256 (OpenSSL), modification
// time and, where the input is a file of the data catalogue, its dataset id,
// publisher and vintage. It never holds an absolute path of the machine:
// inputs inside the data directory are written relative to it
// ("relative_to": "data directory"), everything else relative to the working
// directory ("relative_to": "working directory").
//
// Thread-safety: Run's methods lock, so readers on several threads may record
// into one run. Opening a Run while another is open nests: the newer one is
// current until it closes. Run is neither copyable nor movable.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "nhood/base/result.h"

namespace nhood::io {

using ProvenanceFields = std::vector<std::pair<std::string, std::string>>;

class Run {
 public:
  // `args` is the command line without the program name. The data directory
  // is taken from `--data-dir DIR` (or `--data-dir=DIR`) in `args`, else
  // DefaultDataDir() when that exists.
  explicit Run(std::vector<std::string> args);
  ~Run();
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;

  // The innermost open run, or nullptr.
  static Run* Current();

  // Adds a file read by this run (deduplicated; kept in the order first read).
  void RecordInput(const std::string& path);
  std::vector<std::string> inputs() const;

  // A field written into every provenance record of this run (a later value
  // for the same key replaces the earlier one): e.g. {"seed", "42"}.
  void SetField(const std::string& key, const std::string& value);
  ProvenanceFields fields() const;

  const std::vector<std::string>& args() const { return args_; }
  const std::string& data_dir() const { return data_dir_; }

 private:
  std::vector<std::string> args_;
  std::string data_dir_;
  mutable std::mutex mu_;
  std::vector<std::string> inputs_;
  ProvenanceFields fields_;
  Run* outer_ = nullptr;
};

// Records `path` as read by the current run; does nothing without one.
void RecordInput(const std::string& path);

// kInvalidArgument "OUT: is also an input of this run (IN); nhood never
// overwrites its inputs: choose another output" when `output` is the same
// file as an input of the current run or one of `inputs`; and, when `output`
// is a directory (or `as_directory`), when it holds one of them. A path that
// does not exist yet is compared by its canonical form.
Status CheckNotAnInput(const std::string& output, const std::vector<std::string>& inputs = {},
                       bool as_directory = false);

// A path as it may appear in a shared output: relative to `data_dir` when it
// lies inside it ("data directory"), else relative to the working directory
// ("working directory"). Never absolute.
struct SharedPath {
  std::string path;
  std::string relative_to;  // "data directory" or "working directory"
};
SharedPath ShareablePath(const std::string& path, const std::string& data_dir);

// A file written as part of an output (a staged directory's members).
struct OutputFile {
  std::string name;    // relative to the output
  long long bytes = 0;
  std::string sha256;
};

// The provenance record (JSON text) of `output`: the current run's command
// line, options, data directory and inputs (plus `inputs`), the run's fields
// then `fields` (as strings; absolute paths inside them are made relative),
// and `files` when given. Inputs that cannot be read are listed with
// "bytes": -1 and no checksum.
std::string ProvenanceJson(const std::string& output, const std::vector<std::string>& inputs,
                           const ProvenanceFields& fields, const std::vector<OutputFile>& files = {});

// Writes `<output>.provenance.json` beside an output (declared also in
// table_io.h for existing callers): ProvenanceJson, written atomically.
Status WriteProvenance(const std::string& output, const std::vector<std::string>& inputs,
                       const ProvenanceFields& fields);

}  // namespace nhood::io
