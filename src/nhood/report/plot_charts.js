// nhood chart renderer (src/nhood/report/plot_charts.js), embedded in a
// report by report::EmbedPlotCharts after d3 and Observable Plot. It draws
// every <figure data-nhood-chart="KIND"> from the JSON in its
// <script type="application/json"> (schema: src/nhood/evaluate/chart_figure.h)
// and hides the figure's inline-SVG fallback. A chart that cannot be drawn
// keeps its fallback: the figure gets data-nhood-drawn="fallback" and a
// console warning, never an error, and the other charts still draw.
(function () {
  'use strict';
  // The first series in near-black (the survey estimate), then the survey report's benchmark colours.
  var COLOURS = ['#0b0c0c', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1d70b8'];

  function unique(values) {
    var seen = [];
    values.forEach(function (v) { if (seen.indexOf(v) < 0) seen.push(v); });
    return seen;
  }
  function finite(v) { return typeof v === 'number' && isFinite(v); }
  function formatter(data) {
    return data.percent ? function (v) { return finite(v) ? (100 * v).toFixed(1) + '%' : '–'; }
                        : function (v) { return finite(v) ? (Math.round(v * 100) / 100).toString() : '–'; };
  }
  function interval(f, r) {
    return finite(r.lower) && finite(r.upper) ? ' (' + f(r.lower) + ' to ' + f(r.upper) + ')' : '';
  }
  // Room on the left for the longest category label (12 px sans-serif, about 6.5 px a character).
  function marginFor(labels) {
    var n = 0;
    labels.forEach(function (l) { n = Math.max(n, String(l).length); });
    return Math.min(360, Math.max(60, Math.round(12 + 6.5 * n)));
  }
  function colourScale(series) {
    var range = series.map(function (_, i) { return COLOURS[i % COLOURS.length]; });
    return { domain: series, range: range, legend: series.length > 1 };
  }

  // One line per label; one dot per row (offset a little by series) with its interval.
  function dotInterval(data) {
    var f = formatter(data);
    var rows = data.rows.filter(function (r) { return finite(r.value); });
    var labels = unique(rows.map(function (r) { return r.label; }));
    var series = unique(rows.map(function (r) { return r.series; }));
    var marks = [];
    if (data.zero_rule) marks.push(Plot.ruleX([0], { stroke: '#333' }));
    series.forEach(function (s, i) {
      var mine = rows.filter(function (r) { return r.series === s; });
      var dy = (i - (series.length - 1) / 2) * 7;
      marks.push(Plot.ruleY(mine.filter(function (r) { return finite(r.lower) && finite(r.upper); }),
                            { y: 'label', x1: 'lower', x2: 'upper', stroke: 'series', strokeWidth: 2, dy: dy,
                              ariaDescription: 'interval' }));
      marks.push(Plot.dot(mine, { y: 'label', x: 'value', fill: 'series', r: 4.5, dy: dy,
                                  symbol: i === 0 ? 'circle' : 'square',
                                  title: function (r) { return r.label + ', ' + r.series + ': ' + f(r.value) + interval(f, r); } }));
    });
    return {
      description: rows.map(function (r) { return r.label + ', ' + r.series + ': ' + f(r.value) + interval(f, r); }),
      options: {
        marginLeft: marginFor(labels),
        height: 40 + Math.max(1, labels.length) * Math.max(34, 9 * series.length),
        x: { label: data.x_label || null, grid: true, tickFormat: data.percent ? '.0%' : undefined, nice: true, inset: 12 },
        y: { domain: labels, label: null },
        color: colourScale(series),
        marks: marks,
      },
    };
  }

  // One line per series through its periods, a dot per row, intervals where given.
  function beforeAfter(data) {
    var f = formatter(data);
    var rows = data.rows.filter(function (r) { return finite(r.value); });
    var periods = unique(rows.map(function (r) { return r.period; }));
    var series = unique(rows.map(function (r) { return r.series; }));
    return {
      description: rows.map(function (r) { return r.series + ', ' + r.period + ': ' + f(r.value) + interval(f, r); }),
      options: {
        marginLeft: 60,
        marginRight: 40,
        height: 320,
        x: { domain: periods, type: 'point', label: null, inset: 30 },
        y: { label: data.x_label || null, grid: true, tickFormat: data.percent ? '.0%' : undefined, nice: true, inset: 8 },
        color: colourScale(series),
        marks: [
          Plot.line(rows, { x: 'period', y: 'value', z: 'series', stroke: 'series', strokeWidth: 2 }),
          Plot.ruleX(rows.filter(function (r) { return finite(r.lower) && finite(r.upper); }),
                     { x: 'period', y1: 'lower', y2: 'upper', stroke: 'series', strokeWidth: 1.5, ariaDescription: 'interval' }),
          Plot.dot(rows, { x: 'period', y: 'value', fill: 'series', r: 4.5,
                           title: function (r) { return r.series + ', ' + r.period + ': ' + f(r.value) + interval(f, r); } }),
        ],
      },
    };
  }

  // One bar per row from low to high, a tick at its base, in the rows' order (largest swing first).
  function tornado(data) {
    var f = formatter(data);
    var rows = data.rows.filter(function (r) { return finite(r.low) && finite(r.high); });
    var labels = rows.map(function (r) { return r.label; });
    function text(r) { return r.label + ': ' + f(r.low) + ' to ' + f(r.high) + (finite(r.base) ? ', base ' + f(r.base) : ''); }
    var marks = [];
    if (data.zero_rule) marks.push(Plot.ruleX([0], { stroke: '#333' }));
    // Each bar in two parts about the base, as tornado charts are read: the
    // part below the base in red, the part above in blue (no base: one bar).
    var withBase = rows.filter(function (r) { return finite(r.base); });
    var lo = function (r) { return Math.min(r.low, r.high); };
    var hi = function (r) { return Math.max(r.low, r.high); };
    marks.push(Plot.barX(rows.filter(function (r) { return !finite(r.base); }),
                         { y: 'label', x1: lo, x2: hi, fill: '#1d70b8', title: text }));
    marks.push(Plot.barX(withBase.filter(function (r) { return lo(r) < r.base; }),
                         { y: 'label', x1: lo, x2: function (r) { return Math.min(hi(r), r.base); },
                           fill: '#d4351c', title: text, ariaDescription: 'below base' }));
    marks.push(Plot.barX(withBase.filter(function (r) { return hi(r) > r.base; }),
                         { y: 'label', x1: function (r) { return Math.max(lo(r), r.base); }, x2: hi,
                           fill: '#1d70b8', title: text, ariaDescription: 'above base' }));
    marks.push(Plot.tickX(rows.filter(function (r) { return finite(r.base); }),
                          { y: 'label', x: 'base', stroke: '#0b0c0c', strokeWidth: 2, ariaDescription: 'base' }));
    return {
      description: rows.map(text),
      options: {
        marginLeft: marginFor(labels),
        height: 40 + Math.max(1, labels.length) * 30,
        x: { label: data.x_label || null, grid: true, tickFormat: data.percent ? '.0%' : undefined, nice: true, inset: 12 },
        y: { domain: labels, label: null },
        marks: marks,
      },
    };
  }

  var KINDS = { 'dot-interval': dotInterval, 'before-after': beforeAfter, 'tornado': tornado };

  function draw(figure) {
    var script = figure.querySelector('script[type="application/json"]');
    var fallback = figure.querySelector('.chart-fallback');
    var data = JSON.parse(script.textContent);
    var kind = KINDS[data.kind];
    if (!kind) throw new Error('unknown chart kind ' + data.kind);
    if (!Array.isArray(data.rows) || !data.rows.length) throw new Error('no rows');
    var chart = kind(data);
    var options = chart.options;
    options.width = Math.max(320, Math.min(760, figure.clientWidth || 640));
    options.style = { fontSize: '12px', fontFamily: 'sans-serif', background: 'transparent', color: '#0b0c0c' };
    options.ariaLabel = data.title;
    options.ariaDescription = data.title + '. ' + chart.description.join('; ') + '.';
    options.className = 'nhood-plot';
    var holder = document.createElement('div');
    holder.className = 'chart-plot';
    var plot = Plot.plot(options);
    // Plot labels each mark's <g> (aria-label "dot", "x-axis tick", ...); a labelled group needs its role.
    var groups = plot.querySelectorAll('g[aria-label]');
    for (var i = 0; i < groups.length; ++i) groups[i].setAttribute('role', 'group');
    holder.appendChild(plot);
    figure.insertBefore(holder, fallback || script.nextSibling);
    if (fallback) fallback.hidden = true;
    figure.setAttribute('data-nhood-drawn', 'plot');
  }

  function drawAll() {
    var figures = document.querySelectorAll('figure[data-nhood-chart]');
    for (var i = 0; i < figures.length; ++i) {
      try {
        if (typeof Plot === 'undefined' || typeof d3 === 'undefined') throw new Error('Observable Plot is not loaded');
        draw(figures[i]);
      } catch (e) {
        var drawn = figures[i].querySelector('.chart-plot');
        if (drawn) drawn.remove();
        var fallback = figures[i].querySelector('.chart-fallback');
        if (fallback) fallback.hidden = false;
        figures[i].setAttribute('data-nhood-drawn', 'fallback');
        console.warn('nhood chart kept its fallback: ' + (e && e.message));
      }
    }
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', drawAll);
  else drawAll();
})();
