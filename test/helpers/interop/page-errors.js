// Loaded as a classic script first thing in each HTML test page: records every uncaught
// error and unhandled rejection, so a test can assert that the page stayed clean.
window.pageErrors = [];
addEventListener('error', (e) => pageErrors.push(e.message));
addEventListener('unhandledrejection', (e) => pageErrors.push(String(e.reason)));
