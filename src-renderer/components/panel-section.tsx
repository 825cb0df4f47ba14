import type { ReactNode } from 'react';

export function PanelSection({ title, children, grow }: { title: string; children: ReactNode; grow?: boolean }) {
  return (
    <section className={grow ? 'panel-section grow' : 'panel-section'}>
      <h2 className="panel-section-title">{title}</h2>
      {children}
    </section>
  );
}
