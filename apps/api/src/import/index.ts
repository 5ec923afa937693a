import { ImportController, SuggestedUnitsController } from './import.controller';
import { ImportService } from './import.service';

/** Bulk import of session lists: controllers and providers for the API module. */
export const IMPORT_CONTROLLERS = [ImportController, SuggestedUnitsController];
export const IMPORT_PROVIDERS = [ImportService];
