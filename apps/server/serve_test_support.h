// Test support for the crash and TLS tests of `nhood serve`: run the real
// binary (NHOOD_BINARY) as a child process, read the port it prints, stop it
// with SIGTERM or SIGKILL. Test-only; header-only.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace nhood::server::testing {

// Runs `nhood ARGS` with stdin_text on its stdin; its exit code.
inline int RunNhood(const std::string& args, const std::string& stdin_text = "") {
  const std::string cmd = "printf '%s' '" + stdin_text + "' | " + NHOOD_BINARY + " " + args + " >/dev/null 2>&1";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class ServeProcess {
 public:
  ~ServeProcess() { Kill(); }
  // Starts `nhood serve ARGS… --listen 127.0.0.1:0` and waits for its
  // "listening on SCHEME://127.0.0.1:PORT" line. Returns the line ("" and a
  // test failure when it printed something else or nothing).
  std::string Start(std::vector<std::string> args) {
    int out[2];
    if (pipe(out) != 0) {
      ADD_FAILURE() << "pipe";
      return "";
    }
    args.insert(args.begin(), "serve");
    args.push_back("--listen");
    args.push_back("127.0.0.1:0");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      std::vector<char*> argv = {const_cast<char*>(NHOOD_BINARY)};
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(NHOOD_BINARY, argv.data());
      _exit(127);
    }
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[256] = {0};
    if (fgets(line, sizeof line, out_) == nullptr) {
      ADD_FAILURE() << "nhood serve printed nothing";
      return "";
    }
    std::string text = line;
    while (!text.empty() && text.back() == '\n') text.pop_back();
    const size_t colon = text.rfind(':');
    if (text.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
      ADD_FAILURE() << "unexpected first line: " << text;
      return "";
    }
    port_ = std::stoi(text.substr(colon + 1));
    return text;
  }
  // SIGTERM and wait: the exit status (minus the signal number when a
  // signal ended it).
  int Stop() { return Signal(SIGTERM); }
  // SIGKILL and wait: true when it died of SIGKILL.
  bool Kill() { return Signal(SIGKILL) == -SIGKILL; }
  int port() const { return port_; }

 private:
  int Signal(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    if (out_) fclose(out_);
    out_ = nullptr;
    if (WIFSIGNALED(status)) return -WTERMSIG(status);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  pid_t pid_ = 0;
  int port_ = 0;
  FILE* out_ = nullptr;
};

}  // namespace nhood::server::testing
