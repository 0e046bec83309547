# tests/fit/reference.R: the data sets of tests/fit/ and the reference values that
# tests/test_fit.c checks relsim's fits against, computed by R (survival::survreg,
# fitdistrplus::fitdistcens, and for left-truncated lives, which neither takes, optim on the
# likelihood written with R's own density and distribution functions).
#
#   Rscript tests/fit/reference.R tests/fit
#
# It writes the data sets (interval tables, the format relsim fit reads), reads them back (so
# that R fits exactly the numbers of the files), fits them and writes reference.csv:
#   data,law,source,p1,p2,se1,se2,loglik
# with p1, p2 in relsim's parameters (exponential: mean; weibull: shape, scale; lognormal:
# meanlog, sdlog; gamma: shape, mean; gengamma: Prentice's mu and sigma, with Q in se1), se1, se2 the standard errors of relsim's internal parameters (the logarithm of each
# positive parameter, meanlog itself), and loglik the maximum log-likelihood (densities in
# hours). Debian 12: R 4.2.2, survival 3.5-3, fitdistrplus 1.1-8.
suppressPackageStartupMessages({
    library(survival)
    library(fitdistrplus)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "tests/fit"
set.seed(20261203)

write_table <- function(name, kind, start, life, failed, entry_age = NULL) {
    d <- data.frame(unit = sprintf("%s-%03d", kind, seq_along(life)), kind = kind,
                    start_h = sprintf("%.6f", start), end_h = sprintf("%.6f", start + life),
                    failed = as.integer(failed))
    if (!is.null(entry_age)) d$entry_h <- sprintf("%.6f", start + entry_age)
    path <- file.path(dir, paste0(name, ".csv"))
    con <- file(path, "w")
    writeLines(sprintf("# %s: made by tests/fit/reference.R (set.seed(20261203)); do not edit", name), con)
    write.csv(d, con, row.names = FALSE, quote = FALSE)
    close(con)
    # read back: the lives as the file holds them
    r <- read.csv(path, comment.char = "#")
    life <- r$end_h - r$start_h
    entry <- if (is.null(r$entry_h)) rep(0, nrow(r)) else r$entry_h - r$start_h
    list(t = life, d = r$failed, e = entry)
}

censor <- function(t, c) list(life = pmin(t, c), failed = t <= c)

sets <- list()
n <- 150; t <- rweibull(n, shape = 0.8, scale = 2000); c <- runif(n, 200, 6000)
x <- censor(t, c); sets$weibull <- write_table("weibull", "gpu", runif(n, 0, 1000), x$life, x$failed)
n <- 120; t <- rlnorm(n, 6.5, 1.2); x <- censor(t, rep(3000, n))
sets$lognormal <- write_table("lognormal", "host", runif(n, 0, 1000), x$life, x$failed)
n <- 150; t <- rgamma(n, shape = 2.5, rate = 2.5 / 1000); c <- runif(n, 300, 4000)
x <- censor(t, c); sets$gamma <- write_table("gamma", "psu", runif(n, 0, 1000), x$life, x$failed)
n <- 80; t <- rexp(n, 1 / 5000); c <- runif(n, 100, 3000)
x <- censor(t, c); sets$exponential <- write_table("exponential", "nic", runif(n, 0, 1000), x$life, x$failed)
# left-truncated: a unit observed from age e on is in the data only if it survived to e
n <- 200; e <- runif(n, 0, 800); t <- numeric(n)
for (i in 1:n) repeat { t[i] <- rweibull(1, shape = 1.4, scale = 1500); if (t[i] > e[i]) break }
c <- e + runif(n, 300, 3000); x <- censor(t, c)
sets$truncated <- write_table("truncated", "gpu", runif(n, 0, 1000), x$life, x$failed, e)

out <- data.frame()
add <- function(data, law, source, p1, p2, se1, se2, loglik) {
    out <<- rbind(out, data.frame(data = data, law = law, source = source, p1 = p1, p2 = p2,
                                  se1 = se1, se2 = se2, loglik = loglik))
}

# log f and log S of each law in relsim's internal parameters th
lf <- list(
    exponential = function(th, t) dexp(t, exp(-th[1]), log = TRUE),
    weibull = function(th, t) dweibull(t, exp(th[1]), exp(th[2]), log = TRUE),
    lognormal = function(th, t) dlnorm(t, th[1], exp(th[2]), log = TRUE),
    gamma = function(th, t) dgamma(t, exp(th[1]), exp(th[1] - th[2]), log = TRUE))
ls <- list(
    exponential = function(th, t) pexp(t, exp(-th[1]), lower.tail = FALSE, log.p = TRUE),
    weibull = function(th, t) pweibull(t, exp(th[1]), exp(th[2]), lower.tail = FALSE, log.p = TRUE),
    lognormal = function(th, t) plnorm(t, th[1], exp(th[2]), lower.tail = FALSE, log.p = TRUE),
    gamma = function(th, t) pgamma(t, exp(th[1]), exp(th[1] - th[2]), lower.tail = FALSE, log.p = TRUE))
loglik <- function(law, th, s) {
    sum(ifelse(s$d == 1, lf[[law]](th, s$t), ls[[law]](th, s$t))) - sum(ls[[law]](th, s$e[s$e > 0]))
}
natural <- function(law, th) if (law == "lognormal") c(th[1], exp(th[2])) else exp(th)

for (name in names(sets)) {
    s <- sets[[name]]
    truncated <- any(s$e > 0)
    if (!truncated) {
        for (law in c("exponential", "weibull", "lognormal")) {
            m <- survreg(Surv(s$t, s$d) ~ 1, dist = law)
            v <- vcov(m)
            if (law == "exponential") {
                add(name, law, "survreg", exp(coef(m)[[1]]), NA, sqrt(v[1, 1]), NA, m$loglik[1])
            } else if (law == "weibull") { # shape = 1/scale, log shape = -log(scale)
                add(name, law, "survreg", 1 / m$scale, exp(coef(m)[[1]]), sqrt(v[2, 2]),
                    sqrt(v[1, 1]), m$loglik[1])
            } else {
                add(name, law, "survreg", coef(m)[[1]], m$scale, sqrt(v[1, 1]), sqrt(v[2, 2]),
                    m$loglik[1])
            }
        }
        # fitdistcens in thousands of hours: with rates of 1e-4 per hour its optim steps out of
        # the domain. Scaled back: durations x 1000, the log-likelihood - failures x log(1000)
        # (a density per hour is a density per 1000 h / 1000); the se of a logarithm is unchanged.
        K <- 1000
        u <- s$t / K
        cens <- data.frame(left = u, right = ifelse(s$d == 1, u, NA))
        shift <- -sum(s$d) * log(K)
        for (law in c("exponential", "weibull", "lognormal", "gamma")) {
            distr <- c(exponential = "exp", weibull = "weibull", lognormal = "lnorm", gamma = "gamma")[[law]]
            m0 <- sum(u) / sum(s$d) # the exponential's mean: a start near every optimum
            start <- switch(law, exponential = list(rate = 1 / m0), weibull = list(shape = 1, scale = m0),
                            lognormal = list(meanlog = log(m0) - 0.5, sdlog = 1),
                            gamma = list(shape = 1, rate = 1 / m0))
            f <- fitdistcens(cens, distr, start = start, control = list(reltol = 1e-14, maxit = 10000))
            e <- f$estimate; sd <- f$sd; ll <- f$loglik + shift
            if (law == "exponential") {
                add(name, law, "fitdistcens", K / e[["rate"]], NA, sd[["rate"]] / e[["rate"]], NA, ll)
            } else if (law == "weibull") {
                add(name, law, "fitdistcens", e[["shape"]], K * e[["scale"]], sd[["shape"]] / e[["shape"]],
                    sd[["scale"]] / e[["scale"]], ll)
            } else if (law == "lognormal") {
                add(name, law, "fitdistcens", e[["meanlog"]] + log(K), e[["sdlog"]], sd[["meanlog"]],
                    sd[["sdlog"]] / e[["sdlog"]], ll)
            } else { # mean = shape / rate; its log's se by the delta method from the covariance
                V <- f$vcov; g <- c(1 / e[["shape"]], -1 / e[["rate"]]) # d log(mean) / d (shape, rate)
                add(name, law, "fitdistcens", e[["shape"]], K * e[["shape"]] / e[["rate"]],
                    sd[["shape"]] / e[["shape"]], sqrt(drop(t(g) %*% V %*% g)), ll)
            }
        }
    }
    # every law by optim on the likelihood itself (with left truncation where there is some)
    for (law in c("exponential", "weibull", "lognormal", "gamma")) {
        np <- if (law == "exponential") 1 else 2
        mt <- log(sum(s$t - s$e) / sum(s$d))
        th0 <- switch(law, exponential = mt, weibull = c(0, mt), lognormal = c(mt - 0.5, 0), gamma = c(0, mt))
        nll <- function(th) -loglik(law, th, s)
        o <- if (np == 1) optim(th0, nll, method = "Brent", lower = mt - 5, upper = mt + 5)
             else optim(optim(th0, nll, control = list(reltol = 1e-14, maxit = 20000))$par, nll,
                        method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
        H <- optimHess(o$par, nll)
        se <- sqrt(diag(solve(H)))
        p <- natural(law, o$par)
        add(name, law, "optim", p[1], if (np == 2) p[2] else NA, se[1], if (np == 2) se[2] else NA, -o$value)
    }
    # the generalized gamma's maximum (Prentice's parameters mu, log sigma, Q), from the Weibull's
    ggl <- function(th) {
        mu <- th[1]; sg <- exp(th[2]); Q <- th[3]; g <- 1 / Q^2
        lsv <- function(t) {
            x <- g * exp(Q * (log(t) - mu) / sg)
            if (Q > 0) pgamma(x, g, lower.tail = FALSE, log.p = TRUE) else pgamma(x, g, log.p = TRUE)
        }
        w <- (log(s$t) - mu) / sg
        ld <- log(abs(Q)) - log(sg) - log(s$t) + g * log(g) + g * (Q * w - exp(Q * w)) - lgamma(g)
        sum(ifelse(s$d == 1, ld, lsv(s$t))) - sum(lsv(s$e[s$e > 0]))
    }
    wb <- out[out$data == name & out$law == "weibull" & out$source == "optim", ]
    best <- NULL
    for (q0 in c(1, 0.5, -0.5, 2)) {
        th0 <- c(log(wb$p2), -log(wb$p1), q0)
        o <- optim(th0, function(th) -ggl(th), control = list(reltol = 1e-14, maxit = 20000))
        o <- optim(o$par, function(th) -ggl(th), method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
        if (is.null(best) || o$value < best$value) best <- o
    }
    add(name, "gengamma", "optim", best$par[1], exp(best$par[2]), best$par[3], NA, -best$value)
}
con <- file(file.path(dir, "reference.csv"), "w")
writeLines(c("# reference values: made by tests/fit/reference.R with R's survival and fitdistrplus; do not edit",
             "# gengamma rows: p1 = mu, p2 = sigma, se1 = Q (Prentice's generalized gamma), loglik its maximum"), con)
num <- function(x) ifelse(is.na(x), "", sprintf("%.15g", x))
write.csv(data.frame(data = out$data, law = out$law, source = out$source, p1 = num(out$p1),
                     p2 = num(out$p2), se1 = num(out$se1), se2 = num(out$se2),
                     loglik = num(out$loglik)),
          con, row.names = FALSE, quote = FALSE)
close(con)
