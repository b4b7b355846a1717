import type { ChartConfiguration } from 'chart.js';
import { outcomeLabel, outcomeTone } from './format.ts';
import type { DeliverySeries, Series } from './stats-series.ts';

// Shades per tone, so outcomes of one kind read alike and stay apart from each other.
const TONE_COLOURS = {
  good: ['#2e8b57'],
  warn: ['#d99a00', '#b8860b'],
  bad: ['#c0392b', '#8e44ad', '#d35400', '#7f1d1d', '#e74c3c', '#6d214f', '#a04000'],
} as const;

/** A colour per outcome, stable for the outcome's position among those of its tone. */
function outcomeColours(keys: readonly string[]): string[] {
  const used = { good: 0, warn: 0, bad: 0 };
  return keys.map((key) => {
    const tone = outcomeTone(key);
    const shades = TONE_COLOURS[tone];
    const colour = shades[used[tone] % shades.length] as string;
    used[tone] += 1;
    return colour;
  });
}

/** Requests per bucket as bars stacked by outcome. */
export function outcomeChart(labels: readonly string[], series: readonly Series[]): ChartConfiguration {
  const colours = outcomeColours(series.map((s) => s.key));
  return {
    type: 'bar',
    data: {
      labels: [...labels],
      datasets: series.map((s, i) => ({
        label: outcomeLabel(s.key),
        data: [...s.values],
        backgroundColor: colours[i],
        stack: 'requests',
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true },
        y: {
          stacked: true,
          beginAtZero: true,
          ticks: { precision: 0 },
          title: { display: true, text: 'Requests' },
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}

/** Delivery success rate (left axis, percent) with p50/p95 latency (right axis, milliseconds). */
export function deliveryChart(labels: readonly string[], series: DeliverySeries): ChartConfiguration {
  return {
    type: 'line',
    data: {
      labels: [...labels],
      datasets: [
        {
          label: 'Success rate (%)',
          data: [...series.successRate],
          borderColor: '#2e8b57',
          backgroundColor: '#2e8b57',
          yAxisID: 'rate',
          spanGaps: true,
        },
        {
          label: 'p50 latency (ms)',
          data: [...series.p50Ms],
          borderColor: '#2f5bd3',
          backgroundColor: '#2f5bd3',
          yAxisID: 'latency',
          spanGaps: true,
        },
        {
          label: 'p95 latency (ms)',
          data: [...series.p95Ms],
          borderColor: '#d35400',
          backgroundColor: '#d35400',
          borderDash: [6, 4],
          yAxisID: 'latency',
          spanGaps: true,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        rate: { type: 'linear', position: 'left', min: 0, max: 100, title: { display: true, text: '%' } },
        latency: {
          type: 'linear',
          position: 'right',
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: 'ms' },
        },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  };
}
