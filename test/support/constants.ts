export const TEST_YEARS = [2023, 2026];
/** Prefix of the PostgreSQL template database; each test run adds its own suffix, so runs never share one. */
export const TEMPLATE_DB = 'zhiping_test_template';
