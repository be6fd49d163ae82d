# The oracle for nhood's regression (src/nhood/evaluate/regression.h):
# R lm / glm(binomial) with sandwich 3.0-2 vcovCL(type = "HC1").
#   Rscript regression_oracle.R IN.csv OUT.csv FAMILY Y X1,X2,... WEIGHT|- CLUSTER|- LEVEL
# Complete cases of the named columns only (listwise, as nhood); writes one row
# per coefficient: term, estimate, se, p, lower, upper (model-based: t(N-K) for
# lm, normal for glm), se_cluster, p_cluster, lower_cluster, upper_cluster
# (CR1, t with G-1 df), n, n_dropped, clusters.
suppressPackageStartupMessages(library(sandwich))
stopifnot(packageVersion("sandwich") == "3.0.2")
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], na.strings = c("", "NA"))
family <- a[3]; y <- a[4]; xs <- strsplit(a[5], ",")[[1]]
wcol <- if (a[6] == "-") NULL else a[6]
gcol <- if (a[7] == "-") NULL else a[7]
level <- as.numeric(a[8])
cols <- c(y, xs, wcol, gcol)
keep <- complete.cases(d[, cols, drop = FALSE])
dropped <- sum(!keep)
d <- d[keep, , drop = FALSE]
d$.w <- if (is.null(wcol)) 1 else d[[wcol]]
f <- reformulate(xs, response = y)
if (family == "gaussian") {
  fit <- lm(f, data = d, weights = .w)
  df <- fit$df.residual
} else {
  fit <- glm(f, data = d, weights = .w, family = binomial(),
             control = glm.control(epsilon = 1e-13, maxit = 100))
  # glm's vcov and working weights are those at the start of its last iteration; one more fit
  # started from the converged estimate makes them the estimate's own (what nhood reports).
  fit <- glm(f, data = d, weights = .w, family = binomial(), start = coef(fit),
             control = glm.control(epsilon = 1e-13, maxit = 100))
  stopifnot(fit$converged)
  df <- Inf
}
b <- coef(fit)
se <- sqrt(diag(vcov(fit)))
q <- qt(1 - (1 - level) / 2, df)
out <- data.frame(term = names(b), estimate = b, se = se, p = 2 * pt(-abs(b / se), df),
                  lower = b - q * se, upper = b + q * se)
G <- 0
if (!is.null(gcol)) {
  G <- length(unique(d[[gcol]]))
  v <- vcovCL(fit, cluster = d[[gcol]], type = "HC1")
  sc <- sqrt(diag(v))
  qc <- qt(1 - (1 - level) / 2, G - 1)
  out$se_cluster <- sc
  out$p_cluster <- 2 * pt(-abs(b / sc), G - 1)
  out$lower_cluster <- b - qc * sc
  out$upper_cluster <- b + qc * sc
}
out$n <- nrow(d); out$n_dropped <- dropped; out$clusters <- G
out[] <- lapply(out, function(col) if (is.numeric(col)) sprintf("%.17g", col) else col)
write.csv(out, a[2], row.names = FALSE, quote = FALSE)
