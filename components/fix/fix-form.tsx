'use client';
// The Fix page's inputs. Every change is applied at once; the page debounces
// the request. A problem (client check or server 400) marks its field.
import { useId, type ReactNode } from 'react';
import { DEFAULT_BIND, NEW_BACKEND, type EndpointRow, type FieldRef, type FixForm, type ServiceChoice } from './fix-params';
import { EndpointRows } from './endpoint-rows';

export interface ClusterChoices {
  state: 'loading' | 'error' | 'ready';
  choices: readonly ServiceChoice[];
  errorMessage?: string;
}

function rowOf(field: FieldRef | undefined, list: 'backends' | 'binds'): number | undefined {
  const m = field ? new RegExp(`^${list}\\[(\\d+)\\]$`).exec(field) : null;
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

function choiceDetail(c: ServiceChoice): string {
  const s = c.svc;
  return `${c.ip} · externalTrafficPolicy ${s.externalTrafficPolicy} · ${s.readyEndpoints} ready ${s.readyEndpoints === 1 ? 'endpoint' : 'endpoints'}`;
}

/** A labelled one-line text input; `invalidProps` marks it when the server's reason is about it. */
function TextField({
  id,
  label,
  placeholder,
  value,
  onValue,
  help,
  invalidProps,
}: {
  id: string;
  label: ReactNode;
  placeholder: string;
  value: string;
  onValue: (value: string) => void;
  help?: ReactNode;
  invalidProps: Record<string, unknown>;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onValue(e.target.value)}
        {...(help ? { 'aria-describedby': `${id}-help` } : {})}
        {...invalidProps}
      />
      {help ? (
        <p className="field-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
    </div>
  );
}

export function FixFormFields({
  form,
  onChange,
  service,
  cluster,
  problemField,
  problemId,
  onManual,
}: {
  form: FixForm;
  onChange: (patch: Partial<FixForm>) => void;
  /** The Service in effect: the chosen one, or the preselected default. */
  service: string;
  cluster: ClusterChoices;
  problemField?: FieldRef;
  /** Id of the element that explains the problem (aria-describedby). */
  problemId: string;
  /** Switch to manual backends (the page prefills them from the last output). */
  onManual: () => void;
}) {
  const id = useId();
  /** Marks the field the problem is about and points it at the explanation (after its own help, if any). */
  const invalid = (f: FieldRef, help?: string) =>
    problemField === f ? { 'aria-invalid': true as const, 'aria-describedby': help ? `${help} ${problemId}` : problemId } : {};
  const chosen = cluster.choices.find((c) => c.id === service);
  const known = chosen !== undefined;

  return (
    <>
      <fieldset className="field-group">
        <legend>Where HAProxy forwards to</legend>
        <div className="radio-row" role="radiogroup" aria-label="Backend source">
          <label className="radio">
            <input type="radio" name={`${id}-source`} checked={form.source === 'service'} onChange={() => onChange({ source: 'service' })} />
            A Service in the cluster
          </label>
          <label className="radio">
            <input type="radio" name={`${id}-source`} checked={form.source === 'manual'} onChange={onManual} />
            Addresses I enter
          </label>
        </div>

        {form.source === 'service' ? (
          <>
            <div className="field">
              <label className="field-label" htmlFor={`${id}-svc`}>
                LoadBalancer Service with TCP/443
              </label>
              <select
                id={`${id}-svc`}
                className="input"
                value={service}
                disabled={cluster.state === 'loading' && service === ''}
                onChange={(e) => onChange({ service: e.target.value })}
                {...invalid('service')}
              >
                {service === '' ? <option value="">{cluster.state === 'loading' ? 'Loading services…' : 'No Service chosen'}</option> : null}
                {service !== '' && !known ? <option value={service}>{service} (not in the cluster report)</option> : null}
                {cluster.choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.id} ({c.ip})
                  </option>
                ))}
              </select>
            </div>
            {chosen ? <p className="field-help">{choiceDetail(chosen)}</p> : null}
            {cluster.state === 'error' ? (
              <p className="field-help field-help-error">Could not read the cluster: {cluster.errorMessage}. Enter addresses instead.</p>
            ) : cluster.state === 'ready' && cluster.choices.length === 0 ? (
              <p className="field-help">
                No LoadBalancer Service exposes TCP/443.{' '}
                <button type="button" className="link-button inline" onClick={onManual}>
                  Enter addresses instead
                </button>
              </p>
            ) : null}

            <div className="radio-stack" role="radiogroup" aria-label="Backend addresses">
              <label className="radio">
                <input type="radio" name={`${id}-mode`} checked={form.mode === 'pod'} onChange={() => onChange({ mode: 'pod' })} />
                <span>
                  Pod IPs <span className="muted">— Traefik pods from EndpointSlices; HAProxy needs a route to the pod network</span>
                </span>
              </label>
              <label className="radio">
                <input type="radio" name={`${id}-mode`} checked={form.mode === 'nodeport'} onChange={() => onChange({ mode: 'nodeport' })} />
                <span>
                  Node IPs + NodePort <span className="muted">— needs externalTrafficPolicy Local, or kube-proxy SNATs HAProxy</span>
                </span>
              </label>
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={form.http} onChange={(e) => onChange({ http: e.target.checked })} />
              <span>
                Also pass plain HTTP (:80) through <span className="muted">to the web entry point</span>
              </span>
            </label>
          </>
        ) : (
          <EndpointRows
            noun="backend"
            rows={form.backends}
            onChange={(backends: EndpointRow[]) => onChange({ backends })}
            invalidRow={rowOf(problemField, 'backends')}
            describedBy={problemId}
            newRow={NEW_BACKEND}
            addressPlaceholder="10.244.2.17"
          />
        )}
      </fieldset>

      <fieldset className="field-group">
        <legend>Trust: HAProxy's source address</legend>
        <TextField
          id={`${id}-egress`}
          label="HAProxy source address (egress)"
          placeholder="e.g. 10.0.20.5"
          value={form.egress}
          onValue={(egress) => onChange({ egress })}
          help={
            <>
              The address HAProxy connects to Traefik from (HAProxy <code>source</code>); Traefik trusts exactly this one.
            </>
          }
          invalidProps={invalid('egress', `${id}-egress-help`)}
        />
        <TextField
          id={`${id}-trusted`}
          label={
            <>
              Trusted IPs <span className="muted">(optional override)</span>
            </>
          }
          placeholder="IPs or CIDRs, comma-separated"
          value={form.trustedIPs}
          onValue={(trustedIPs) => onChange({ trustedIPs })}
          invalidProps={invalid('trustedIPs')}
        />
        <TextField
          id={`${id}-ep`}
          label="Traefik entry point"
          placeholder="websecure"
          value={form.entryPoint}
          onValue={(entryPoint) => onChange({ entryPoint })}
          invalidProps={invalid('entryPoint')}
        />
      </fieldset>

      <fieldset className="field-group">
        <legend>HAProxy listens on</legend>
        <EndpointRows
          noun="bind"
          rows={form.binds}
          onChange={(binds: EndpointRow[]) => onChange({ binds })}
          invalidRow={rowOf(problemField, 'binds')}
          describedBy={problemId}
          newRow={{ ...DEFAULT_BIND, address: '' }}
          addressPlaceholder="0.0.0.0"
        />
      </fieldset>

      <fieldset className="field-group">
        <legend>PROXY protocol</legend>
        <div className="radio-row" role="radiogroup" aria-label="PROXY protocol version">
          <label className="radio">
            <input type="radio" name={`${id}-proxy`} checked={form.proxy === 'v2'} onChange={() => onChange({ proxy: 'v2' })} />
            v2 <span className="muted">(binary, recommended)</span>
          </label>
          <label className="radio">
            <input type="radio" name={`${id}-proxy`} checked={form.proxy === 'v1'} onChange={() => onChange({ proxy: 'v1' })} />
            v1 <span className="muted">(text)</span>
          </label>
        </div>
      </fieldset>

    </>
  );
}
