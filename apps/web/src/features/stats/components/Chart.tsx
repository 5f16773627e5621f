/**
 * One ECharts chart through `echarts-for-react`'s core build: only the bar and pie charts, the grid, tooltip and
 * legend components and the SVG renderer are registered (`echarts/core`), so the stats chunk stays small; the
 * SVG renderer keeps text sharp on phones.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** One named value of a chart. */
export interface ChartDatum {
  name: string;
  value: number;
}

/** Props of `StatsChart`. */
export interface StatsChartProps {
  kind: 'bar' | 'pie';
  data: ChartDatum[];
  /** Series name (tooltip). */
  seriesName: string;
  height?: number;
  testId?: string;
}

/** A bar chart (categories on the y axis, readable on a 390 px phone) or a pie chart of `data`. */
export function StatsChart({ kind, data, seriesName, height = 240, testId }: StatsChartProps) {
  const option =
    kind === 'pie'
      ? {
          tooltip: { trigger: 'item' },
          legend: { bottom: 0, type: 'scroll' },
          series: [
            {
              type: 'pie',
              name: seriesName,
              radius: ['35%', '65%'],
              data,
              label: { position: 'inside', formatter: '{c}' },
            },
          ],
        }
      : {
          tooltip: { trigger: 'axis' },
          grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: { type: 'category', data: data.map((d) => d.name), inverse: true },
          series: [
            { type: 'bar', name: seriesName, data: data.map((d) => d.value), label: { show: true, position: 'right' } },
          ],
        };
  return (
    <div data-testid={testId} aria-label={`${seriesName}：${data.map((d) => `${d.name} ${d.value}`).join('，')}`}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
