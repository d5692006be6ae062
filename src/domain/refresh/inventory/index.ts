export { type CsvParse, type CsvRecord, type LineError, parseCsv } from './csv.js';
export { didYouMean, nearMatch } from './near-match.js';
export {
  type BundleItem,
  CatalogRow,
  columnName,
  formatLineError,
  type InventoryKind,
  type InventoryRead,
  type InventoryRow,
  type InventoryRows,
  inventoryKindLabels,
  inventoryKinds,
  inventorySpecs,
  type KindSpec,
  ModelRow,
  modelReference,
  naturalKey,
  readCsvBySpec,
  readInventoryCsv,
  SupportTeamRow,
  SystemRow,
  UnitRow,
} from './rows.js';
export { describeImport, describeLineErrors, describeRefusal, type ImportSummary } from './summary.js';
