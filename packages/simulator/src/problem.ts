/** RFC 7807 problem details: the single error shape of every REST route of the simulator. */

export interface InvalidParam {
  name: string;
  reason: string;
  path?: string;
}

export interface ProblemInit {
  status: number;
  title: string;
  detail: string;
  type?: string;
  invalidParams?: InvalidParam[];
  headers?: Record<string, string>;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly invalidParams: InvalidParam[] | undefined;
  readonly headers: Record<string, string>;

  constructor(init: ProblemInit) {
    super(init.detail);
    this.name = 'ProblemError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type ?? `https://errors.ecostruxure.local/${init.status}`;
    this.invalidParams = init.invalidParams;
    this.headers = init.headers ?? {};
  }

  /** `instance` is left out when echoing the path would be unwise (a 5 KB URL, a malformed one). */
  body(instance: string | undefined, requestId: string): Record<string, unknown> {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(instance === undefined ? {} : { instance }),
      requestId,
      ...(this.invalidParams ? { invalidParams: this.invalidParams } : {}),
    };
  }
}

export const badRequest = (invalidParams: InvalidParam[]): ProblemError =>
  new ProblemError({
    status: 400,
    title: 'Bad Request',
    detail: `Invalid request parameters: ${invalidParams.map((param) => param.name).join(', ')}.`,
    invalidParams,
  });

export const notFound = (detail: string): ProblemError =>
  new ProblemError({ status: 404, title: 'Not Found', detail });
