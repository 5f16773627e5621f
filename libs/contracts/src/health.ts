/** Response of `GET /api/v1/health`: 200 when every check is `up`, 503 otherwise. */
export class HealthResponse {
  status!: 'ok' | 'error';
  checks!: {
    database: HealthCheck;
    search: HealthCheck;
    queue: HealthCheck;
  };
}

export class HealthCheck {
  status!: 'up' | 'down';
  /** e.g. `bullmq` or `in-process` for the queue; `embedded` or `external` for services. */
  mode?: string;
  error?: string;
}
