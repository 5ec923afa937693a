/** Nest injection token for the validated BanliConfig. */
export const CONFIG = Symbol('BANLI_CONFIG');
