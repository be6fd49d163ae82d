#include "apps/server/server.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <atomic>
#include <filesystem>
#include <cstdio>
#include <memory>
#include <thread>

#include "apps/server/explorer/explorer.h"
#include "apps/server/explorer/explorer_routes.h"
#include "apps/server/explorer/pages.h"
#include "apps/server/postcodes.h"
#include "nhood/store/open_store.h"

namespace nhood::server {
namespace {

struct HostPort {
  std::string host;
  int port = 0;
};

Result<HostPort> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return InvalidField("listen", "--listen: expected HOST:PORT");
  HostPort hp;
  hp.host = listen.substr(0, colon);
  if (hp.host.size() > 2 && hp.host.front() == '[' && hp.host.back() == ']') hp.host = hp.host.substr(1, hp.host.size() - 2);
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidField("listen", "--listen: '" + port + "' is not a port");
  }
  hp.port = std::stoi(port);
  if (hp.port > 65535) return InvalidField("listen", "--listen: port " + port + " is over 65535");
  return hp;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

int RunServer(const ServeOptions& options) {
  auto hp = ParseListen(options.listen);
  if (!hp) {
    std::fprintf(stderr, "nhood: %s\n", hp.error().message.c_str());
    return 2;
  }
  if (!IsLoopback(hp->host) && !options.allow_non_loopback) {
    std::fprintf(stderr,
                 "nhood: --listen %s is not a loopback address; put nhood behind a TLS proxy or give "
                 "--allow-non-loopback to listen there\n",
                 hp->host.c_str());
    return 2;
  }
  if (!options.lsoa_boundaries.empty() && options.postcodes.empty()) {
    std::fprintf(stderr, "nhood: --lsoa-boundaries goes with --postcodes\n");
    return 2;
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    std::fprintf(stderr, "nhood: --tls-cert and --tls-key go together\n");
    return 2;
  }
  // SIGTERM/SIGINT are taken by one thread (sigwait, below) which stops the
  // server; every other thread has them blocked. Blocked before the store
  // opens: threads inherit the mask, and the store starts its own (a SQLite
  // store's writer), which must never take the signal (that would end the
  // process by the default action, skipping the clean stop).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Without --db only the explorer is served (read-only, no store needed);
  // App still holds a store: an empty SQLite one in a temporary directory,
  // removed on exit.
  const bool explorer_only = options.db.empty();
  std::string scratch;
  if (explorer_only) {
    std::string pattern = (std::filesystem::temp_directory_path() / "nhood-explorer-XXXXXX").string();
    if (!mkdtemp(pattern.data())) {
      std::fprintf(stderr, "nhood: cannot create a temporary directory in %s\n",
                   std::filesystem::temp_directory_path().c_str());
      return 1;
    }
    scratch = pattern;
  }
  struct RemoveScratch {
    const std::string& dir;
    ~RemoveScratch() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
  } remove_scratch{scratch};
  auto store = store::OpenStore(explorer_only ? scratch + "/empty.db" : options.db);
  if (!store) {
    std::fprintf(stderr, "nhood: %s\n", store.error().message.c_str());
    return 1;
  }
  std::unique_ptr<PostcodeIndex> postcodes;
  if (!options.postcodes.empty()) {
    auto loaded = PostcodeIndex::Load(options.postcodes, {.lsoa_boundaries = options.lsoa_boundaries});
    if (!loaded) {
      std::fprintf(stderr, "nhood: %s\n", loaded.error().message.c_str());
      return 1;
    }
    postcodes = std::move(*loaded);
    std::fprintf(stderr, "nhood: %zu postcodes from %s (LSOA: %zu from the file, %zu by point-in-polygon, %zu none)\n",
                 postcodes->size(), options.postcodes.c_str(), postcodes->Count(LsoaSource::kFile),
                 postcodes->Count(LsoaSource::kPointInPolygon), postcodes->Count(LsoaSource::kNone));
  }

  std::unique_ptr<explorer::Explorer> atlases;
  if (!options.atlas.empty()) {
    Status templates = explorer::CheckTemplates();
    auto loaded = templates.ok() ? explorer::Explorer::Load(options.atlas) : Result<std::unique_ptr<explorer::Explorer>>(templates.error());
    if (!loaded) {
      std::fprintf(stderr, "nhood: %s\n", loaded.error().message.c_str());
      return 1;
    }
    atlases = std::move(*loaded);
    for (const auto& a : atlases->atlases()) {
      std::fprintf(stderr, "nhood: atlas %s: %zu neighbourhoods, %zu LSOAs, loaded in %.1f s (%.1f s gzipping the layers) "
                   "(/atlas/?atlas=%s)\n",
                   a->data.title.c_str(), a->data.neighbourhoods.num_rows(), a->data.lsoas.num_rows(),
                   a->load_seconds, a->gzip_seconds, a->slug.c_str());
    }
  }

  std::unique_ptr<httplib::Server> server;
  const bool tls = !options.tls_cert.empty();
  if (tls) {
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!ssl->is_valid()) {
      std::fprintf(stderr, "nhood: --tls-cert/--tls-key: cannot load the certificate and key\n");
      return 1;
    }
    server = std::move(ssl);
  } else {
    server = std::make_unique<httplib::Server>();
  }

  App app{.store = **store, .options = options, .postcodes = postcodes.get(), .explorer = atlases.get(), .tls = tls};
  const Router router(explorer_only ? explorer::ExplorerRoutes() : Routes());
  const int threads = options.threads < 1 ? 1 : options.threads;
  server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server->set_payload_max_length(kMaxBodyBytes);
  server->set_read_timeout(10, 0);
  server->set_write_timeout(10, 0);
  // One request per connection: a worker never sits on an idle keep-alive
  // socket while other clients queue, so a small pool stays fair under many
  // clients (loopback or a local proxy makes reconnecting cheap).
  server->set_keep_alive_max_count(1);
  auto handle = [&app, &router](const httplib::Request& req, httplib::Response& res) {
    router.Dispatch(app, req, res);
    // cpp-httplib compresses every JSON/text reply the client accepts gzip
    // for. Below kCompressFromBytes that costs more CPU (here and in the
    // client) than it saves on loopback or a LAN, so small replies go as
    // they are. The request object is httplib's own mutable one, passed to
    // handlers as const; its Accept-Encoding is read only when writing the
    // reply, after this handler returns.
    if (res.body.size() < kCompressFromBytes) {
      const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
    }
  };
  server->Get(".*", handle);
  server->Post(".*", handle);
  server->Put(".*", handle);
  server->Patch(".*", handle);
  server->Delete(".*", handle);
  server->Options(".*", handle);
  server->set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const std::string message = res.status == 413 ? "request body over 1 MiB" : "bad request";
    WriteError(res, res.status, message, "");
    return httplib::Server::HandlerResponse::Handled;
  }));
  server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    WriteError(res, 500, "internal error", "");
  });

  std::atomic<bool> done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (!done.load()) server->stop();
  });

  // Debian's cpp-httplib is a shared library built with a listen backlog of
  // 5: under 64 clients the kernel drops SYNs and a client waits out a 1 s
  // retransmit. So keep the listening socket (the options callback sees it
  // before bind) and listen again on it with a deep backlog once bound —
  // Linux updates the backlog of a listening socket in place.
  std::atomic<int> listen_fd{-1};
  server->set_socket_options([&listen_fd](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_fd.store(sock);
  });

  int port = hp->port;
  bool bound = false;
  if (port == 0) {
    port = server->bind_to_any_port(hp->host);
    bound = port > 0;
  } else {
    bound = server->bind_to_port(hp->host, port);
  }
  if (bound && listen_fd.load() >= 0 && ::listen(listen_fd.load(), kListenBacklog) != 0) {
    std::fprintf(stderr, "nhood: cannot set the listen backlog on %s\n", options.listen.c_str());
    bound = false;
  }
  int rc = 0;
  if (!bound) {
    std::fprintf(stderr, "nhood: cannot listen on %s\n", options.listen.c_str());
    rc = 1;
  } else {
    const std::string shown = hp->host.find(':') != std::string::npos ? "[" + hp->host + "]" : hp->host;
    std::printf("listening on %s://%s:%d\n", tls ? "https" : "http", shown.c_str(), port);
    std::fflush(stdout);
    if (!server->listen_after_bind()) rc = 1;
  }
  done.store(true);
  pthread_kill(waiter.native_handle(), SIGTERM);  // wakes the waiter if no signal came
  waiter.join();
  server.reset();  // the thread pool has joined: in-flight requests are done
  store->reset();  // closes the store's connections
  std::fprintf(stderr, "nhood: stopped\n");
  return rc;
}

}  // namespace nhood::server
