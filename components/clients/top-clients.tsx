'use client';
// The busiest client addresses and what they are (a node address at the top means SNAT).
// Sortable and filterable (by address or class).
import type { LogReport } from '@/lib/model';
import { SortThs, TableFilter, useSortedRows } from '../table-sort';
import { ClassBadge } from './class-badge';
import { addressSortKey, CLASS_ORDER, fmtInt, fmtPct } from './words';

type Client = LogReport['topClients'][number];

const SORT = {
  ip: (c: Client) => addressSortKey(c.ip),
  cls: (c: Client) => CLASS_ORDER.indexOf(c.class),
  requests: (c: Client) => c.requests,
};
const TEXT = (c: Client): string => `${c.ip} ${c.class}`;

export function TopClients({ report }: { report: LogReport }) {
  const total = report.parsed - (report.unclassified ?? 0);
  const { shown, sort, toggle, filter, setFilter } = useSortedRows(report.topClients, SORT, TEXT);
  return (
    <div className="table-scroll">
      <TableFilter label="Filter clients" value={filter} onChange={setFilter} count={shown.length} total={report.topClients.length} />
      <table className="svc-table client-table" data-testid="top-clients">
        <caption className="visually-hidden">Top client addresses with their class</caption>
        <thead>
          <tr>
            <SortThs cols={[{ k: 'ip', label: 'Address' }, { k: 'cls', label: 'Class' }, { k: 'requests', label: 'Requests', className: 'num' }]} sort={sort} toggle={toggle} />
            <th scope="col" className="num">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.ip} data-class={c.class} data-testid="client-row" data-ip={c.ip}>
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
