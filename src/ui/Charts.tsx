/**
 * Live per-epoch charts (recharts): training loss, and a switchable ranking metric at K with the
 * most-popular baseline and the computed references (item-kNN, EASE) as labelled horizontal lines, plus the
 * stored runs ticked for comparison. `data-points` = epochs plotted, `data-series` = runs drawn (the current run counts as one).
 */
import { memo, useId, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EpochReport, RankingMetrics } from '../engine/engine';
import { REFERENCE_LABELS, type ReferenceName } from '../references/references';
import { fmtNum } from './format';
import { chartRows, type MetricKey, type OverlaySeries, seriesCount } from './runSeries';

const METRIC_LABEL: Record<MetricKey, string> = { precision: 'Precision', recall: 'Recall', ndcg: 'nDCG' };

/** Props of Charts. */
export interface ChartsProps {
  epochs: EpochReport[];
  /** Most-popular from the training engine, used when `references` has no most-popular entry. */
  baseline: RankingMetrics | null;
  /** Computed references (src/references): one line each. */
  references?: { name: ReferenceName; metrics: RankingMetrics | null }[];
  k: number;
  /** Stored runs drawn over the current one. */
  overlays?: readonly OverlaySeries[];
}

const NO_OVERLAYS: readonly OverlaySeries[] = [];
const REFERENCE_COLOURS: Record<ReferenceName, string> = { popular: '#6b7280', itemknn: '#7c3aed', ease: '#dc2626' };

const tick = (v: number) => fmtNum(v, 3);

/** Tick labels with enough decimals to tell the ticks of [min, max] apart. */
function rangeTick(values: number[]): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  if (finite.length < 2) return tick;
  const span = Math.max(...finite) - Math.min(...finite);
  if (!(span > 0)) return tick;
  const decimals = Math.min(8, Math.max(0, Math.ceil(-Math.log10(span / 4)) + 1));
  return (v: number) => (Math.abs(v) >= 1e5 ? v.toExponential(2) : v.toFixed(decimals));
}

/** Loss chart + metric chart. */
function ChartsView({ epochs, baseline, references = [], k, overlays = NO_OVERLAYS }: ChartsProps) {
  const [metric, setMetric] = useState<MetricKey>('precision');
  const selectId = useId();
  const hasVal = epochs.some((e) => e.validation);
  const rows = chartRows(epochs, overlays, metric);
  const series = seriesCount(epochs, overlays);
  const label = `${METRIC_LABEL[metric]}@${k}`;
  const lossTick = rangeTick(
    rows.flatMap((r) => [r.loss, ...overlays.map((_, i) => r[`loss_${i}`])]).filter((v): v is number => v !== undefined),
  );
  const overlayLines = (key: 'loss' | 'metric') =>
    overlays.map((o, i) => (
      <Line
        key={o.id}
        type="monotone"
        dataKey={`${key}_${i}`}
        name={key === 'loss' ? `loss ${o.label}` : `${label} ${o.label}`}
        stroke={o.colour}
        strokeWidth={1.5}
        dot={false}
        connectNulls
        isAnimationActive={false}
      />
    ));
  const lines: { name: ReferenceName; metrics: RankingMetrics }[] = [];
  for (const r of references) if (r.metrics) lines.push({ name: r.name, metrics: r.metrics });
  if (baseline && !lines.some((l) => l.name === 'popular')) lines.unshift({ name: 'popular', metrics: baseline });
  return (
    <div className="charts">
      <figure className="chart" data-testid="chart-loss" data-points={epochs.length} data-series={series}>
        <figcaption>Training loss per epoch</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
            <XAxis
              dataKey="epoch"
              type="number"
              domain={[1, 'dataMax']}
              allowDecimals={false}
              label={{ value: 'epoch', position: 'insideBottomRight', offset: -2 }}
            />
            <YAxis tickFormatter={lossTick} width={72} domain={['auto', 'auto']} />
            <Tooltip formatter={(v) => fmtNum(Number(v), 5)} labelFormatter={(l) => `epoch ${l}`} />
            {overlays.length > 0 && <Legend />}
            <Line
              type="monotone"
              dataKey="loss"
              name={overlays.length ? 'loss (this run)' : 'loss'}
              stroke="#2563eb"
              strokeWidth={2}
              dot={rows.length < 40}
              isAnimationActive={false}
            />
            {overlayLines('loss')}
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="chart-precision" data-points={epochs.length} data-series={series} data-metric={metric}>
        <figcaption>
          <label htmlFor={selectId}>Held-out metric </label>
          <select id={selectId} data-testid="chart-metric" value={metric} onChange={(e) => setMetric(e.target.value as MetricKey)}>
            {(Object.keys(METRIC_LABEL) as MetricKey[]).map((m) => (
              <option key={m} value={m}>
                {METRIC_LABEL[m]}@{k}
              </option>
            ))}
          </select>
          {lines.length > 0 && (
            <span className="muted" data-testid="chart-references" data-lines={lines.map((l) => l.name).join(',')}>
              {lines.map((l) => ` · ${REFERENCE_LABELS[l.name]} ${fmtNum(l.metrics[metric], 3)}`).join('')}
            </span>
          )}
        </figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e6ea" />
            <XAxis dataKey="epoch" type="number" domain={[1, 'dataMax']} allowDecimals={false} />
            <YAxis tickFormatter={tick} width={64} domain={[0, 'auto']} />
            <Tooltip formatter={(v) => fmtNum(Number(v), 4)} labelFormatter={(l) => `epoch ${l}`} />
            <Legend />
            <Line
              type="monotone"
              dataKey="test"
              name={`${label} (test)`}
              stroke="#059669"
              strokeWidth={2}
              dot={rows.length < 40}
              isAnimationActive={false}
            />
            {hasVal && (
              <Line
                type="monotone"
                dataKey="validation"
                name={`${label} (validation)`}
                stroke="#d97706"
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
            )}
            {overlayLines('metric')}
            {lines.map((l) => (
              <ReferenceLine
                key={l.name}
                y={l.metrics[metric]}
                ifOverflow="extendDomain"
                stroke={REFERENCE_COLOURS[l.name]}
                strokeDasharray="6 4"
                label={{ value: REFERENCE_LABELS[l.name], position: 'insideTopLeft', fill: REFERENCE_COLOURS[l.name], fontSize: 12 }}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}

/** Memoised: the app re-renders on every progress update while training; the charts only change per epoch. */
export const Charts = memo(ChartsView);
