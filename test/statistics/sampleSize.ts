// How many samples each statistics case draws. Every bound in the statistics
// tests is a function of n (standard errors ~ 1/sqrt(n), the KS critical value
// ~ 1/sqrt(n)), so a smaller n only makes the tests less sensitive, never wrong.
export const STATISTICS_SAMPLES = 10_000_000;
