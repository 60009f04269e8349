// The charts of the agreement dashboard, drawn with Recharts. They are loaded
// only when the dashboard opens (the rest of the app does not carry them),
// and they repeat what the tables say: each chart has a title, a summary for
// screen readers, values written on the bars, and the tables stay the
// primary view.
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { GroupRow } from '../api/types';
import { chartDomain, readingOf, shorten, stat, type AlphaPoint, type Tone } from './agreement';

export const toneColour: Record<Tone, string> = {
  good: '#2f6b3c',
  mid: '#8a5a00',
  bad: '#a3231a',
  none: '#6b665c',
};

const axisTick = { fill: '#1c1b19', fontSize: 13 };

/** useNarrow says whether the window is narrow (a phone, or 200% zoom), where the axes take less room. */
function useNarrow(): boolean {
  const query = '(max-width: 40rem)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

function ChartTip({ active, payload }: { active?: boolean; payload?: { payload?: AlphaPoint }[] }) {
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="ag-tip">
      <strong>{p.name}</strong>
      <br />
      Alpha {stat(p.alpha)} ({readingOf(p.reading).word.toLowerCase()})
      <br />
      95% interval {stat(p.low)} to {stat(p.high)}
    </div>
  );
}

/** AlphaChart draws alpha per theme as bars with their 95% intervals and the
 * 0.667 and 0.800 lines. */
export default function AlphaChart({ points, summaryId }: { points: AlphaPoint[]; summaryId: string }) {
  const narrow = useNarrow();
  const height = Math.max(160, points.length * (narrow ? 40 : 34) + 70);
  const domain = chartDomain(points);
  const data = points.map((p) => ({ ...p, short: shorten(p.name, narrow ? 20 : 34), label: `${stat(p.alpha)} ${readingOf(p.reading).symbol}` }));
  return (
    <div className="ag-chart" role="img" aria-labelledby="alpha-chart-title" aria-describedby={summaryId}>
      <BarChart
        layout="vertical"
        data={data}
        style={{ width: '100%', height }}
        responsive
        accessibilityLayer={false}
        margin={{ top: 24, right: 8, bottom: 8, left: 8 }}
        barCategoryGap={8}
      >
        <CartesianGrid horizontal={false} stroke="#d9d4c8" />
        <XAxis type="number" domain={domain} ticks={tickValues(domain)} tickFormatter={(v: number) => stat(v)} tick={axisTick} />
        <YAxis yAxisId="names" type="category" dataKey="short" width={narrow ? 120 : 210} tick={axisTick} interval={0} />
        {/* The values, written at the right end of each row, clear of the bars and whiskers. */}
        <YAxis yAxisId="values" orientation="right" type="category" dataKey="label" width={86} tick={axisTick} interval={0} axisLine={false} tickLine={false} />
        <ReferenceLine yAxisId="names" x={0.667} stroke="#8a5a00" strokeDasharray="6 3" label={{ value: '0.667', position: 'top', dx: narrow ? -16 : 0, fill: '#6b4500', fontSize: 12 }} />
        <ReferenceLine yAxisId="names" x={0.8} stroke="#2f6b3c" strokeDasharray="2 2" label={{ value: '0.800', position: 'top', dx: narrow ? 16 : 0, fill: '#1d4d29', fontSize: 12 }} />
        <ReferenceLine yAxisId="names" x={0} stroke="#4a4740" />
        <Tooltip content={<ChartTip />} cursor={{ fill: '#eef3fa' }} />
        <Bar dataKey="alpha" yAxisId="names" isAnimationActive={false} name="Alpha">
          {data.map((p) => (
            <Cell key={p.nodeId} fill={toneColour[readingOf(p.reading).tone]} />
          ))}
          <ErrorBar dataKey="error" direction="x" width={6} stroke="#1c1b19" strokeWidth={1.5} />
        </Bar>
      </BarChart>
    </div>
  );
}

function tickValues([lo, hi]: [number, number]): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(lo * 5) / 5; v <= hi + 1e-9; v += 0.2) out.push(Math.round(v * 10) / 10);
  return out;
}

export const groupColour = { peer: '#1f4e8c', academic: '#8a5a00', across: '#5b5750' };

/** GroupChart draws, per theme, alpha within peer coders, within academic
 * coders and across the two groups. */
export function GroupChart({ groups, summaryId }: { groups: GroupRow[]; summaryId: string }) {
  const narrow = useNarrow();
  const data = groups.map((g) => ({
    name: shorten(g.name, narrow ? 18 : 30) + (g.split ? ' (split)' : ''),
    peer: g.withinPeer.value,
    academic: g.withinAcademic.value,
    across: g.across.value,
  }));
  let lo = 0;
  for (const d of data) for (const v of [d.peer, d.academic, d.across]) if (v !== null) lo = Math.min(lo, v);
  const domain: [number, number] = [Math.max(-1, Math.floor(lo * 10) / 10), 1];
  const height = Math.max(200, groups.length * 54 + 90);
  return (
    <div className="ag-chart" role="img" aria-labelledby="group-chart-title" aria-describedby={summaryId}>
      <BarChart layout="vertical" data={data} style={{ width: '100%', height }} responsive accessibilityLayer={false} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} barGap={1}>
        <CartesianGrid horizontal={false} stroke="#d9d4c8" />
        <XAxis type="number" domain={domain} ticks={tickValues(domain)} tickFormatter={(v: number) => stat(v)} tick={axisTick} />
        <YAxis type="category" dataKey="name" width={narrow ? 120 : 210} tick={axisTick} interval={0} />
        <ReferenceLine x={0.667} stroke="#8a5a00" strokeDasharray="6 3" />
        <Legend verticalAlign="top" wrapperStyle={{ color: '#1c1b19' }} itemSorter={(item) => ['peer', 'academic', 'across'].indexOf(String(item.dataKey))} />
        <Bar dataKey="peer" name="Within peer researchers" fill={groupColour.peer} isAnimationActive={false} />
        <Bar dataKey="academic" name="Within academic researchers" fill={groupColour.academic} isAnimationActive={false} />
        <Bar dataKey="across" name="Across the two groups" fill={groupColour.across} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
