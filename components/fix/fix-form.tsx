'use client';
// The Fix page's inputs. Every change is applied at once; the page debounces
// the request. A problem (client check or server 400) marks its field.
import { useId, type ReactNode } from 'react';
import { DEFAULT_BIND, FIX_RECEIVERS, NEW_BACKEND, type EndpointRow, type FieldRef, type FixForm, type ServiceChoice } from './fix-params';
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
                LoadBalancer Service
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
                No LoadBalancer Service exposes a TCP port.{' '}
                <button type="button" className="link-button inline" onClick={onManual}>
                  Enter addresses instead
                </button>
              </p>
            ) : null}

            <div className="radio-stack" role="radiogroup" aria-label="Backend addresses">
              <label className="radio">
                <input type="radio" name={`${id}-mode`} checked={form.mode === 'pod'} onChange={() => onChange({ mode: 'pod' })} />
                <span>
                  Pod IPs <span className="muted">— ready pods from EndpointSlices; HAProxy needs a route to the pod network</span>
                </span>
              </label>
              <label className="radio">
                <input type="radio" name={`${id}-mode`} checked={form.mode === 'nodeport'} onChange={() => onChange({ mode: 'nodeport' })} />
                <span>
                  Node IPs + NodePort{' '}
                  <span className="muted">
                    — needs externalTrafficPolicy Local (then only nodes with a ready pod, checked on the healthCheckNodePort), or kube-proxy SNATs HAProxy
                  </span>
                </span>
              </label>
            </div>
            <label className="checkbox">
              <input type="checkbox" checked={form.http} onChange={(e) => onChange({ http: e.target.checked })} />
              <span>
                Also pass plain HTTP (:80) through <span className="muted">to the web entry point (Traefik)</span>
              </span>
            </label>
            <TextField
              id={`${id}-ports`}
              label={
                <>
                  Service ports <span className="muted">(optional)</span>
                </>
              }
              placeholder="every TCP port (Traefik: 443)"
              value={form.ports}
              onValue={(ports) => onChange({ ports })}
              help="Comma-separated, e.g. 25, 465, 587, 993 for a mail server."
              invalidProps={invalid('ports', `${id}-ports-help`)}
            />
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
              The address HAProxy connects to the backends from (HAProxy <code>source</code>); the receiver trusts exactly this one.
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
        <legend>Receiver</legend>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-receiver`}>
            What receives the PROXY header
          </label>
          <select
            id={`${id}-receiver`}
            className="input"
            value={form.receiver}
            onChange={(e) => onChange({ receiver: FIX_RECEIVERS.find((r) => r === e.target.value) ?? 'auto' })}
            aria-describedby={`${id}-receiver-help`}
          >
            <option value="auto">Guess by port (25/465/587 Postfix, 110/143/993/995 Dovecot, else Traefik)</option>
            <option value="traefik">Traefik</option>
            <option value="postfix">Postfix</option>
            <option value="dovecot">Dovecot</option>
            <option value="generic">Another PROXY-aware server</option>
          </select>
          <p className="field-help" id={`${id}-receiver-help`}>
            Its settings appear below the HAProxy config.
          </p>
        </div>
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
