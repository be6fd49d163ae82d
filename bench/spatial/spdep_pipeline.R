# The whole `nhood hotspots` pipeline in R spdep 1.2-7 (Debian r-cran-spdep),
# for bench/spatial/run.sh: read the polygons and the data, queen weights
# (poly2nb), local Moran, Gi* and local Geary with conditional permutations
# (localmoran_perm, localG_perm on include.self, localC_perm), the global
# Moran test (moran.test) and its permutation test (moran.mc), BH FDR, and
# write the table. Prints "spdep_pipeline_<nsim>,<n>,<seconds>" timed from
# before st_read to after write.csv (package loading excluded).
# Usage: Rscript spdep_pipeline.R AREAS ID DATA DATA_ID VALUE OUT.csv NSIM CORES
suppressMessages({ library(sf); library(spdep) })
# Planar vertex comparison, as poly2nb does on projected data (s2 rejects a
# few generalised LSOA 2011 rings as self-crossing).
invisible(sf_use_s2(FALSE))
a <- commandArgs(trailingOnly = TRUE)
areas <- a[1]; id <- a[2]; data <- a[3]; data_id <- a[4]; value <- a[5]; out <- a[6]
nsim <- as.integer(a[7]); cores <- as.integer(a[8])
if (cores > 1) { invisible(set.coresOption(cores)); invisible(set.mcOption(TRUE)) }
t0 <- Sys.time()
step <- function(name) cat(sprintf("# %s done at %.1f s\n", name, as.numeric(difftime(Sys.time(), t0, units = "secs"))), file = stderr())
pl <- st_read(areas, quiet = TRUE)
d <- read.csv(data, check.names = FALSE)
x <- d[[value]][match(pl[[id]], d[[data_id]])]
nb <- poly2nb(pl, queen = TRUE); step("read + poly2nb")
lw <- nb2listw(nb, style = "W", zero.policy = TRUE)
lws <- nb2listw(include.self(nb), style = "W", zero.policy = TRUE)
lm <- localmoran_perm(x, lw, nsim = nsim, zero.policy = TRUE, iseed = 1); step("localmoran_perm")
lg <- localG_perm(x, lws, nsim = nsim, zero.policy = TRUE, iseed = 1); step("localG_perm")
lc <- localC_perm(x, lw, nsim = nsim, zero.policy = TRUE, iseed = 1); step("localC_perm")
gm <- moran.test(x, lw, zero.policy = TRUE)
mc <- moran.mc(x, lw, nsim = nsim, zero.policy = TRUE); step("moran.test + moran.mc")
p <- lm[, "Pr(folded) Sim"]
res <- data.frame(id = pl[[id]], value = x, moran_i = lm[, "Ii"], moran_z = lm[, "Z.Ii"], moran_p_sim = p,
                  moran_p_fdr = p.adjust(p, "BH"), gistar_z = as.numeric(lg),
                  geary_p_sim = attr(lc, "pseudo-p")[, "Pr(folded) Sim"])
write.csv(res, out, row.names = FALSE)
cat(sprintf("spdep_pipeline_%d,%d,%.3f\n", nsim, nrow(pl), as.numeric(difftime(Sys.time(), t0, units = "secs"))))
cat(sprintf("# spdep: global I %.6f, moran.mc p %.4g\n", gm$estimate[1], mc$p.value), file = stderr())
