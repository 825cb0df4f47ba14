/**
 * A short two-note tone made with Web Audio (no sound file to ship, nothing for the CSP to allow). Browsers may
 * keep audio suspended until the page had a user gesture; then the tone is skipped, never an error.
 */
let context: AudioContext | undefined;

export function playAlertTone(): void {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const start = context.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.2, start + i * 0.12 + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + i * 0.12 + 0.11);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + i * 0.12);
      oscillator.stop(start + i * 0.12 + 0.12);
    }
  } catch {
    // No audio device (a server, a test browser): the toast alone tells the trader.
  }
}
