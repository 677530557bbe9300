// The busiest client addresses and what they are (a node address at the top means SNAT).
import type { LogReport } from '@/lib/model';
import { ClassBadge } from './class-badge';
import { fmtInt, fmtPct } from './words';

export function TopClients({ report }: { report: LogReport }) {
  const total = report.parsed - (report.unclassified ?? 0);
  return (
    <div className="table-scroll">
      <table className="svc-table client-table" data-testid="top-clients">
        <caption className="visually-hidden">Top client addresses with their class</caption>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Class</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {report.topClients.map((c) => (
            <tr key={c.ip} data-class={c.class}>
              <th scope="row" className="mono">
                {c.ip}
              </th>
              <td data-label="Class">
                <ClassBadge cls={c.class} />
              </td>
              <td className="num" data-label="Requests">{fmtInt(c.requests)}</td>
              <td className="num" data-label="Share">{total > 0 ? fmtPct(c.requests / total) : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
