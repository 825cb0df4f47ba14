import type { ServiceHealth } from '../../../src-shared/ipc/schemas.js';

export function ServiceTable({ services }: { services: ServiceHealth[] }) {
  if (services.length === 0) return <div className="muted">Waiting for the first health report…</div>;
  return (
    <table className="data-table service-table" data-testid="service-table">
      <thead>
        <tr>
          <th>Service</th>
          <th>State</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {services.map((service) => (
          <tr key={service.name} data-testid={`service-${service.name}`} data-state={service.state}>
            <td className="service-name">{service.name}</td>
            <td>
              <span className={`state-pill state-${service.state}`} data-testid={`service-${service.name}-state`}>
                {service.state}
              </span>
            </td>
            <td className="service-detail">{service.detail}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
