# Reference estimates from R survey 4.1-1 for `nhood survey estimate`.
#
# Usage: Rscript survey_estimates.R INPUT.csv OUTPUT.csv --y=COL --weight=COL
#          [--strata=COL] [--psu=COL] [--fpc=COL] [--domain=COL] [--rake=MARGINS.csv]
#          [--level=0.95] [--lonely-psu=fail|adjust|average|certainty|remove]
#    or: Rscript survey_estimates.R --batch JOBS.txt
#        (one job a line, its arguments separated by tabs; a job that fails
#        writes its error message to OUTPUT.csv.error instead; R starts once)
# Writes one row per domain ("all" without --domain) with the columns of the
# survey_*_expected.csv reference cases. PSUs are nested in strata (nest=TRUE).
# Rows with a missing y are left out of every domain (na.rm semantics: the
# domain design is subset(design, domain == d & !is.na(y))).
suppressPackageStartupMessages(library(survey))
stopifnot(packageVersion("survey") == "4.1.1")

estimate <- function(args) {
  input <- args[1]; output <- args[2]
  opt <- list(level = "0.95", `lonely-psu` = "fail")
  for (a in args[-(1:2)]) {
    kv <- regmatches(a, regexpr("=", a), invert = TRUE)[[1]]
    opt[[sub("^--", "", kv[1])]] <- kv[2]
}
options(survey.lonely.psu = opt[["lonely-psu"]])
level <- as.numeric(opt$level)
d <- read.csv(input, stringsAsFactors = FALSE, colClasses = "character")
d$.y <- as.numeric(ifelse(d[[opt$y]] %in% c("", "NA"), NA, d[[opt$y]]))
d$.w <- as.numeric(d[[opt$weight]])
d$.dom <- if (is.null(opt$domain)) "all" else d[[opt$domain]]
ids <- if (is.null(opt$psu)) ~1 else as.formula(paste0("~`", opt$psu, "`"))
strata <- if (is.null(opt$strata)) NULL else as.formula(paste0("~`", opt$strata, "`"))
fpc <- NULL
if (!is.null(opt$fpc)) { d$.fpc <- as.numeric(d[[opt$fpc]]); fpc <- ~.fpc }
des <- svydesign(ids = ids, strata = strata, weights = ~.w, fpc = fpc, data = d, nest = TRUE)
if (!is.null(opt$rake)) {
  m <- read.csv(opt$rake, stringsAsFactors = FALSE, colClasses = c("character", "character", "numeric"))
  vars <- unique(m$variable)
  sample.margins <- lapply(vars, function(v) as.formula(paste0("~`", v, "`")))
  population.margins <- lapply(vars, function(v) {
    mm <- m[m$variable == v, ]
    df <- data.frame(mm$level, mm$total, stringsAsFactors = FALSE)
    names(df) <- c(v, "Freq")
    df
  })
  des <- rake(des, sample.margins, population.margins)
}
binary <- all(d$.y[!is.na(d$.y)] %in% c(0, 1))
doms <- sort(unique(d$.dom))
rows <- list()
for (dom in doms) {
  sub <- des[d$.dom == dom & !is.na(d$.y), ]
  m <- svymean(~.y, sub, na.rm = TRUE, deff = TRUE)
  t <- svytotal(~.y, sub, na.rm = TRUE)
  w <- weights(sub)
  df <- degf(sub)
  z <- qnorm(1 - (1 - level) / 2)
  r <- data.frame(domain = dom, n = sum(w != 0), sum_w = sum(w), mean = coef(m)[[1]],
                  se = SE(m)[[1]], deff = deff(m)[[1]], degf = df, total = coef(t)[[1]],
                  se_total = SE(t)[[1]], mean_norm_lower = coef(m)[[1]] - z * SE(m)[[1]],
                  mean_norm_upper = coef(m)[[1]] + z * SE(m)[[1]], stringsAsFactors = FALSE)
  if (binary) {
    for (meth in c("logit", "likelihood", "asin", "beta", "mean", "xlogit")) {
      ci <- tryCatch(as.numeric(attr(svyciprop(~.y, sub, method = meth, level = level, na.rm = TRUE), "ci")),
                     error = function(e) c(NA, NA))
      r[[paste0(meth, "_lower")]] <- ci[1]
      r[[paste0(meth, "_upper")]] <- ci[2]
    }
  }
  rows[[length(rows) + 1]] <- r
}
out <- do.call(rbind, rows)
write.csv(out, output, row.names = FALSE, na = "")
}

args <- commandArgs(trailingOnly = TRUE)
if (args[1] == "--batch") {
  for (line in readLines(args[2])) {
    job <- strsplit(line, "\t", fixed = TRUE)[[1]]
    tryCatch(estimate(job), error = function(e) writeLines(conditionMessage(e), paste0(job[2], ".error")))
  }
} else {
  estimate(args)
}
