import { ServiceEndpoints } from '../runtime/runtime';

/** The resolved service endpoints, injectable (modes are reported by the health endpoint). */
export class RuntimeInfo implements ServiceEndpoints {
  databaseUrl!: string;
  databaseMode!: ServiceEndpoints['databaseMode'];
  meiliUrl!: string;
  meiliApiKey!: string | undefined;
  meiliMode!: ServiceEndpoints['meiliMode'];
  redisUrl!: string | undefined;

  constructor(endpoints: ServiceEndpoints) {
    Object.assign(this, endpoints);
  }
}
