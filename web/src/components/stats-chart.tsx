import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

// Only the pieces the home page draws, so the bundle carries no unused chart types. Chart.js draws on a
// canvas and sets sizes through the CSSOM, which the dashboard's CSP (no inline styles or scripts) allows.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

/** A Chart.js chart on a canvas, rebuilt when its configuration changes and destroyed on unmount. */
export function StatsChart(props: { readonly config: ChartConfiguration; readonly label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { config } = props;

  useEffect(() => {
    // No 2D context (e.g. a test DOM): the figure's caption still carries the numbers.
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const chart = new Chart(context, config);
    return () => chart.destroy();
  }, [config]);

  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
