/**
 * A Swagger UI plugin that fills in `Idempotency-Key` so that *Try it out* → *Execute* works
 * without inventing a UUID, and a second *Execute* shows the replay.
 *
 * It runs in the browser, not here: @nestjs/swagger writes this function's source text into
 * swagger-ui-init.js. So it may use nothing from this module's scope (no imports, no helpers
 * declared outside it), only browser globals.
 *
 * - Each operation's key starts as a fresh UUID v4 (the parameter's example, set when the page
 *   loads the document; `/docs-json` itself is untouched).
 * - Executing the same request again keeps the key: the service replays the first response.
 * - After a success, executing a different request (another body or other parameters) with a key
 *   this page generated swaps in a fresh key first, visibly in the field, so a new request is not
 *   refused as 422 IDEMPOTENCY_KEY_REUSED. A key the person typed is never replaced: that is how
 *   they try a retry, or the 422, on purpose.
 */
export function idempotencyKeyPlugin(): SwaggerUiPlugin {
  const header = 'idempotency-key';
  const generated = new Set<string>();
  // key → the request it last succeeded with; `path method` → the key and request last executed.
  const succeeded = new Map<string, string>();
  const executed = new Map<string, { key: string; request: string }>();

  const freshKey = (): string => {
    const cryptoApi = globalThis.crypto;
    let key: string;
    // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
    if (typeof cryptoApi.randomUUID === 'function') {
      key = cryptoApi.randomUUID();
    } else {
      const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      key = [0, 8, 12, 16, 20].map((start, i, all) => hex.slice(start, all[i + 1] ?? 32)).join('-');
    }
    generated.add(key);
    return key;
  };
  const isKeyParam = (inValue: unknown, name: unknown): boolean =>
    inValue === 'header' && String(name).toLowerCase() === header;

  return {
    statePlugins: {
      spec: {
        wrapActions: {
          updateJsonSpec: (original) => (json) => {
            const document = json as { paths?: Record<string, Record<string, unknown>> };
            for (const item of Object.values(document?.paths ?? {})) {
              for (const operation of Object.values(item ?? {})) {
                const parameters = (operation as { parameters?: unknown[] } | null)?.parameters;
                if (!Array.isArray(parameters)) continue;
                for (const parameter of parameters as Array<Record<string, unknown>>) {
                  if (isKeyParam(parameter?.in, parameter?.name)) parameter.example = freshKey();
                }
              }
            }
            return original(json);
          },
          execute: (original, system) => (args) => {
            const { path, method } = args as { path: string; method: string };
            const parameters = system.specSelectors
              .specJsonWithResolvedSubtrees()
              .getIn(['paths', path, method, 'parameters']);
            const param = parameters?.find((p) => isKeyParam(p.get('in'), p.get('name')));
            if (param !== undefined) {
              const values = system.specSelectors.parameterValues([path, method]).toJS();
              const id = `header.${String(param.get('name'))}`;
              const key = String(values[id] ?? '');
              delete values[id];
              let body = system.oas3Selectors.requestBodyValue(path, method);
              try {
                body = JSON.stringify(JSON.parse(String(body)));
              } catch {
                // Not JSON: compared as typed.
              }
              const request = JSON.stringify([values, body ?? null]);
              let sent = key;
              const previous = succeeded.get(key);
              if (generated.has(key) && previous !== undefined && previous !== request) {
                sent = freshKey();
                system.specActions.changeParamByIdentity([path, method], param, sent);
              }
              executed.set(`${path} ${method}`, { key: sent, request });
            }
            return original(args);
          },
          setResponse: (original) => (path, method, response) => {
            const last = executed.get(`${String(path)} ${String(method)}`);
            const status = (response as { status?: number } | null)?.status ?? 0;
            if (last !== undefined && status >= 200 && status < 300) {
              succeeded.set(last.key, last.request);
            }
            return original(path, method, response);
          },
        },
      },
    },
  };
}

/** The part of Swagger UI's plugin interface (and its Immutable.js state) the plugin uses. */
interface ImmutableParam {
  get(key: string): unknown;
}
interface SwaggerUiSystem {
  specSelectors: {
    specJsonWithResolvedSubtrees(): {
      getIn(
        path: string[],
      ): { find(test: (p: ImmutableParam) => boolean): ImmutableParam | undefined } | undefined;
    };
    parameterValues(pathMethod: string[]): { toJS(): Record<string, unknown> };
  };
  oas3Selectors: { requestBodyValue(path: string, method: string): unknown };
  specActions: {
    changeParamByIdentity(pathMethod: string[], param: ImmutableParam, value: string): void;
  };
}
type Action = (...args: unknown[]) => unknown;
export interface SwaggerUiPlugin {
  statePlugins: {
    spec: { wrapActions: Record<string, (original: Action, system: SwaggerUiSystem) => Action> };
  };
}
