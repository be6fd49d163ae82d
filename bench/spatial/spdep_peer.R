# The R spdep side of bench/spatial/run.sh (Debian r-cran-spdep 1.2-7):
# poly2nb queen weights, localmoran_perm and localG_perm (999 simulations)
# on the same LSOA boundaries and value field nhood used.
# Prints CSV lines step,n,seconds like nhood_spatial_benchmark.
suppressMessages({ library(sf); library(spdep) })
args <- commandArgs(trailingOnly = TRUE)
areas <- args[1]; id <- args[2]; dir <- args[3]
cores <- if (length(args) > 3) as.integer(args[4]) else 1L
secs <- function(t0) as.numeric(difftime(Sys.time(), t0, units = "secs"))
out <- function(step, n, s) cat(sprintf("%s,%d,%.3f\n", step, n, s))
pl <- st_read(areas, quiet = TRUE)
n <- nrow(pl)
t0 <- Sys.time(); nb <- poly2nb(pl, queen = TRUE); out("spdep_queen_weights", n, secs(t0))
vals <- read.csv(file.path(dir, "lsoa_values.csv"))
x <- vals$value[match(pl[[id]], vals$id)]
if (cores > 1) { invisible(set.coresOption(cores)); invisible(set.mcOption(TRUE)) }
lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
t0 <- Sys.time(); lm <- localmoran_perm(x, lw, nsim = 999, zero.policy = TRUE, iseed = 1)
out(sprintf("spdep_localmoran_perm_%dcore", cores), n, secs(t0))
lws <- nb2listw(include.self(nb), style = "W", zero.policy = TRUE)
t0 <- Sys.time(); lg <- localG_perm(x, lws, nsim = 999, zero.policy = TRUE, iseed = 1)
out(sprintf("spdep_localG_perm_%dcore", cores), n, secs(t0))
