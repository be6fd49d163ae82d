#include "apps/server/serve_command.h"

#include <cstdio>
#include <memory>

#include "apps/server/server.h"

namespace nhood::server {

void SetupServeCommand(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* serve = app.add_subcommand(
      "serve",
      "Run the link service (the public Open Referral UK API /oruk and the JSON API /api/v1) and/or the atlas "
      "explorer (/atlas/)");
  serve->footer(
      "Examples:\n"
      "  nhood link init --db link.db\n"
      "  nhood serve --db link.db --listen 127.0.0.1:8080\n"
      "  nhood serve --db postgresql://nhood@localhost/nhood --listen 127.0.0.1:8443 --tls-cert c.pem --tls-key k.pem\n"
      "  nhood atlas --config examples/atlas-north-east.toml --data-dir ../shared/data --output out/ne\n"
      "  nhood serve --atlas out/ne --listen 127.0.0.1:8080   # the explorer at http://127.0.0.1:8080/atlas/\n"
      "  nhood serve --db link.db --atlas out/ne2025 --atlas out/ne   # both, two atlases (?atlas=ne)\n"
      "See docs/api.md for every endpoint.");
  serve->add_option("--db", o->db, "SQLite file path or postgresql:// URI (the link service; without it, only --atlas)");
  serve->add_option("--atlas", o->atlas,
                    "an `nhood atlas` output directory (repeatable): the explorer at /atlas/ (read-only, public); "
                    "the reach and neighbourhood reports read its lsoas.csv; with --db, each profile shows how many "
                    "of the service's residents live there (1 to --suppress-below minus 1 withheld)")
      ->check(CLI::ExistingDirectory);
  serve->add_option("--listen", o->listen, "HOST:PORT to listen on (port 0 picks a free one)")
      ->capture_default_str();
  serve->add_flag("--allow-non-loopback", o->allow_non_loopback,
                  "allow a --listen address other than loopback (put TLS in front)");
  serve->add_option("--tls-cert", o->tls_cert, "PEM certificate: serve HTTPS (with --tls-key)")
      ->check(CLI::ExistingFile);
  serve->add_option("--tls-key", o->tls_key, "PEM private key (with --tls-cert)")->check(CLI::ExistingFile);
  serve->add_option("--postcodes", o->postcodes,
                    "postcode CSV (ONSPD/NSPL/Code-Point style, .csv or .csv.gz) for postcode searches and LSOAs")
      ->check(CLI::ExistingFile);
  serve->add_option("--lsoa-boundaries", o->lsoa_boundaries,
                    "LSOA 2021 polygons (GeoJSON/GeoPackage, id column lsoa21_code): postcodes without an LSOA in "
                    "--postcodes get theirs by point-in-polygon")
      ->check(CLI::ExistingFile);
  serve->add_option("--suppress-below", o->suppress_below,
                    "reports withhold counts of people below this (5 or more: a local policy may raise it)")
      ->capture_default_str()
      ->check(CLI::Range(5, 1000));
  serve->add_option("--threads", o->threads, "worker threads")->capture_default_str()->check(CLI::Range(1, 256));
  serve->add_option("--overdue-days", o->overdue_days, "days in `received` before a referral is overdue")
      ->capture_default_str()->check(CLI::Range(1, 3650));
  serve->add_option("--extract-secret-file", o->extract_secret_file,
                    "file holding the deployment secret (32+ bytes) that keys the evaluation extract")
      ->check(CLI::ExistingFile);
  serve->callback([o, exit_code] {
    if (o->db.empty() && o->atlas.empty()) {
      std::fprintf(stderr, "nhood serve: give --db (the link service), --atlas DIR (the explorer) or both\n");
      *exit_code = 2;
      return;
    }
    *exit_code = RunServer(*o);
  });
}

}  // namespace nhood::server
