#include "nhood/io/readstat_table.h"

#include <readstat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>

#include "nhood/base/number.h"
#include "nhood/io/provenance.h"

namespace nhood::io {
namespace {

struct Column {
  std::string name, label_set;
  std::vector<std::string> cells;
};

struct Context {
  std::string path;
  long rows = 0;
  std::vector<Column> columns;
  std::map<std::string, std::map<std::string, std::string>> labels;  // set -> value key -> label
  std::string error;
};

// A value's key in a label set: the number in shortest form, or the string.
std::string Key(readstat_value_t v) {
  if (readstat_value_type(v) == READSTAT_TYPE_STRING) {
    const char* s = readstat_string_value(v);
    return s ? s : "";
  }
  return FormatNumber(readstat_double_value(v));
}

int OnMetadata(readstat_metadata_t* m, void* ctx) {
  static_cast<Context*>(ctx)->rows = readstat_get_row_count(m);
  return READSTAT_HANDLER_OK;
}

int OnVariable(int index, readstat_variable_t* v, const char* val_labels, void* ctx) {
  auto* c = static_cast<Context*>(ctx);
  if (static_cast<size_t>(index) >= c->columns.size()) c->columns.resize(index + 1);
  c->columns[index].name = readstat_variable_get_name(v);
  c->columns[index].label_set = val_labels ? val_labels : "";
  c->columns[index].cells.assign(std::max(0L, c->rows), "");
  return READSTAT_HANDLER_OK;
}

int OnValueLabel(const char* set, readstat_value_t value, const char* label, void* ctx) {
  static_cast<Context*>(ctx)->labels[set][Key(value)] = label ? label : "";
  return READSTAT_HANDLER_OK;
}

int OnValue(int obs, readstat_variable_t* v, readstat_value_t value, void* ctx) {
  auto* c = static_cast<Context*>(ctx);
  const int index = readstat_variable_get_index(v);
  Column& col = c->columns[index];
  if (static_cast<size_t>(obs) >= col.cells.size()) col.cells.resize(obs + 1);
  if (readstat_value_is_system_missing(value) || readstat_value_is_defined_missing(value, v)) return READSTAT_HANDLER_OK;
  col.cells[obs] = Key(value);
  return READSTAT_HANDLER_OK;
}

}  // namespace

bool IsReadStatPath(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return ext == ".sav" || ext == ".zsav" || ext == ".dta";
}

Result<Table> ReadStatTable(const std::string& path) {
  if (!std::filesystem::exists(path)) return NotFound(path + ": no such file");
  RecordInput(path);
  Context c;
  c.path = path;
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_metadata_handler(parser, OnMetadata);
  readstat_set_variable_handler(parser, OnVariable);
  readstat_set_value_label_handler(parser, OnValueLabel);
  readstat_set_value_handler(parser, OnValue);
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char ch) { return std::tolower(ch); });
  const readstat_error_t err = ext == ".dta" ? readstat_parse_dta(parser, path.c_str(), &c)
                                             : readstat_parse_sav(parser, path.c_str(), &c);
  readstat_parser_free(parser);
  if (err != READSTAT_OK) {
    return InvalidArgument(path + ": cannot be read as " + (ext == ".dta" ? "Stata" : "SPSS") + " data (" +
                           readstat_error_message(err) + ")");
  }
  Table t;
  // Label cells (value labels come after the data in .sav files, so this is done at the end).
  for (Column& col : c.columns) {
    if (col.label_set.empty()) continue;
    auto set = c.labels.find(col.label_set);
    if (set == c.labels.end()) continue;  // a set named but never defined: keep the codes
    for (size_t r = 0; r < col.cells.size(); ++r) {
      if (col.cells[r].empty()) continue;
      auto it = set->second.find(col.cells[r]);
      if (it == set->second.end()) {
        return InvalidArgument(path + ": row " + std::to_string(r + 1) + ", column '" + col.name + "': code " +
                               col.cells[r] + " has no value label in set '" + col.label_set +
                               "' (an unlabelled code: label it, or mark it missing, in the file)");
      }
      col.cells[r] = it->second;
    }
  }
  for (Column& col : c.columns) NHOOD_RETURN_IF_ERROR(t.AddText(col.name, std::move(col.cells)));
  t.set_source(path, 0);  // row R is case R
  return t;
}

}  // namespace nhood::io
