import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  title: string;
  children: ReactNode;
}

interface State {
  error: Error | undefined;
  /** Bumped on reload so the tab's subtree remounts with fresh state instead of re-rendering the broken one. */
  generation: number;
}

/** Contains a crash to its own tab: the rest of the workstation keeps running. */
export class TabErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined, generation: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`tab "${this.props.title}" crashed`, error, info.componentStack);
  }

  private readonly reload = (): void => {
    this.setState((state) => ({ error: undefined, generation: state.generation + 1 }));
  };

  override render(): ReactNode {
    const { error, generation } = this.state;
    if (error) {
      return (
        <div className="tab-crash" role="alert" data-testid="tab-crash">
          <h2>{this.props.title} stopped working</h2>
          <pre className="tab-crash-message">{error.message}</pre>
          <button type="button" className="button" data-testid="tab-reload" onClick={this.reload}>
            Reload tab
          </button>
        </div>
      );
    }
    return <Fragment key={generation}>{this.props.children}</Fragment>;
  }
}
