/** What each part of the soak (fuzz, load) is given: the stack's API, its admin, a work directory. */
export interface SoakPartOptions {
  apiUrl: string;
  admin: { username: string; password: string };
  work: string;
  quick: boolean;
  log: (s: string) => void;
}
