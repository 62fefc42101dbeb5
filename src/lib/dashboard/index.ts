export { startDashboard, DashboardConfigError, DASHBOARD_BASE_PATH, type Dashboard, type DashboardOptions } from './server';
