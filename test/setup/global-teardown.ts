/** jest globalTeardown of the e2e project: stops every service globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__JIEBANG_SERVICES__?.stop();
}
