export const TEST_YEARS = [2023, 2026];
export const TEMPLATE_DB = 'zhiping_test_template';
