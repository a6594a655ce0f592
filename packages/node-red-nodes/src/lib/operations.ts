/** Core's operations, the one call each node maps its form onto; node files import them from here. */
export {
  compareToGridRate,
  customRequest,
  emissionsReportCsv,
  getEmissionsReport,
  getEmissions,
  getGlobalRates,
  getSite,
  listAlarms,
  listSites,
  pollAlarms,
  pollNewEmissions,
  runQuery,
  streamEmissions,
  type OperationResult,
} from '@ecostruxure-connector/core';
