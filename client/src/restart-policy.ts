// When the language server stops on its own (a crash, the process killed), the client starts it again, up to a
// limit: a server that keeps dying would otherwise restart forever. Pure, so it is tested without VS Code.

export class RestartPolicy {
  private stops: number[] = [];

  /** `maxRestarts` stops within `windowMs` are restarted; one more in that window gives up. */
  constructor(
    private readonly maxRestarts = 4,
    private readonly windowMs = 3 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called when the server stopped unexpectedly. */
  onStop(): "restart" | "give-up" {
    const t = this.now();
    this.stops = this.stops.filter((s) => t - s < this.windowMs);
    this.stops.push(t);
    return this.stops.length > this.maxRestarts ? "give-up" : "restart";
  }

  /** A restart the user asked for starts the count afresh. */
  reset(): void {
    this.stops = [];
  }

  get limit(): { restarts: number; minutes: number } {
    return { restarts: this.maxRestarts, minutes: this.windowMs / 60000 };
  }
}
