/* Operations Command Center - history graphs with uPlot (vendor/uplot, served locally): the WAN and PDU
 * graphs in the panels and the larger graph dialog (1 h / 24 h / 7 d / 30 d). Times on the axes and in the
 * tooltip are in the page's one stated zone; the window ends at the server's clock (the history answer's
 * `now`, else the snapshot's generated_at). A null point is a gap: the line breaks and the gap is shaded and
 * labelled with its cause (the server's `gaps` list when it sends one, else "no data"). */
(function ($, F, OPS) {
  'use strict';

  var D = OPS.dashboard;
  var el = OPS.el;
  var SPANS = { '1h': 3600, '24h': 86400, '7d': 604800, '30d': 2592000 };
  var CAUSES = { source_down: 'source down', no_data: 'no data' };
  var KINDS = {
    wan: { unit: 'Mbps', digits: 0, labels: ['↓ download', '↑ upload'], colors: ['--olive', '--pale'], height: 84,
           series: function (n) { return ['wan:' + n + ':rx_mbps', 'wan:' + n + ':tx_mbps']; },
           title: function (n) { return n + ' THROUGHPUT'; } },
    pdu: { unit: 'A', digits: 1, labels: ['load'], colors: ['--amber'], height: 80,
           series: function (n) { return ['pdu:' + n + ':load_amps']; },
           title: function (n, label) { return (label || n) + ' LOAD'; } }
  };
  var SPARK_EVERY_MS = 30000;  // panel graphs refetch at most this often, however often the page polls
  var charts = {};             // "wan:WAN1" -> {kind, name, box, plot, spec, fetchedAt}
  var graph = { kind: null, name: null, label: null, range: '1h', plot: null, spec: null };

  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#8fae3e'; }

  function tsOf(iso) { return Date.parse(iso) / 1000; }

  function causeText(cause) { return CAUSES[cause] || String(cause || 'no data').replace(/_/g, ' '); }

  /* The gaps of one series: the server's list when present, else the stretches around null points. */
  function gapsOf(s, x1) {
    if (Array.isArray(s.gaps)) {
      return s.gaps.map(function (g) { return { start: tsOf(g.start), end: g.end ? tsOf(g.end) : x1, cause: g.cause }; })
        .filter(function (g) { return !isNaN(g.start) && !isNaN(g.end); });
    }
    var gaps = [], pts = s.points || [];
    pts.forEach(function (p, i) {
      if (p[1] !== null) { return; }
      var prev = i > 0 ? tsOf(pts[i - 1][0]) : tsOf(p[0]);
      var next = pts.slice(i + 1).filter(function (q) { return q[1] !== null; })[0];
      gaps.push({ start: prev, end: next ? tsOf(next[0]) : x1, cause: 'no_data' });
    });
    return gaps;
  }

  /* Everything a drawing needs, from the history answer: data, window, gaps, counts, collecting state. */
  function specOf(kind, list, range, nowIso) {
    var k = KINDS[kind], span = SPANS[range], x1 = tsOf(nowIso), x0 = x1 - span;
    var tables = [], counts = [], gaps = [], first = null, ymax = 0, step = list[0] ? list[0].step_s : null;
    list.forEach(function (s) {
      var pts = (s.points || []).filter(function (p) { return tsOf(p[0]) >= x0 - (s.step_s || 0); });
      tables.push([pts.map(function (p) { return tsOf(p[0]); }), pts.map(function (p) { return p[1]; })]);
      var real = pts.filter(function (p) { return p[1] !== null; });
      counts.push(real.length);
      real.forEach(function (p) { ymax = Math.max(ymax, p[1]); });
      if (real.length && (first === null || tsOf(real[0][0]) < first)) { first = tsOf(real[0][0]); }
      gapsOf(s, x1).forEach(function (g) {
        var dup = gaps.some(function (h) { return Math.abs(h.start - g.start) < 1 && Math.abs(h.end - g.end) < 1; });
        if (!dup && g.end > x0) { gaps.push({ start: Math.max(g.start, x0), end: Math.min(g.end, x1), cause: g.cause }); }
      });
    });
    var data = tables.length > 1 ? uPlot.join(tables) : (tables[0] || [[]]);
    var collecting = first !== null && first > x0 + 2 * (step || 60);
    if (collecting) {  // the stretch before the first sample reads "collecting since", not as a gap
      gaps = gaps.filter(function (g) { return !(g.start <= x0 + 1 && g.end >= first - (step || 60)); });
    }
    gaps.sort(function (a, b) { return a.start - b.start; });
    return { kind: kind, k: k, range: range, x0: x0, x1: x1, step: step, data: data, counts: counts, gaps: gaps,
             ymax: ymax, first: first, collecting: collecting };
  }

  function timeLabel(ts, span) {
    var d = new Date(ts * 1000);
    if (span > 172800 && d.getHours() === 0 && d.getMinutes() === 0) { return F.day(d); }
    if (span > 172800) { return F.day(d) + '\n' + F.shortClock(d); }
    return (d.getHours() === 0 && d.getMinutes() === 0 && span > 3600) ? F.day(d) : F.shortClock(d);
  }

  function gapLabel(g) { return F.dayClock(g.start * 1000) + '–' + F.dayClock(g.end * 1000) + ' ' + causeText(g.cause); }

  var MIN_BAND = 3;  // css px: a 30-minute gap on a 30-day graph stays visible

  function bandEdges(u, g) {
    var b = u.bbox, r = uPlot.pxRatio;
    var a = Math.max(b.left, u.valToPos(g.start, 'x', true)), z = Math.min(b.left + b.width, u.valToPos(g.end, 'x', true));
    if (z - a < MIN_BAND * r) { a = Math.max(b.left, (a + z) / 2 - MIN_BAND * r / 2); z = a + MIN_BAND * r; }
    return [a, z];
  }

  function gapColour(g, alpha) {
    return g.cause === 'source_down' ? 'rgba(210,69,47,' + alpha + ')' : 'rgba(150,160,130,' + alpha + ')';
  }

  /* Shaded gap bands under the lines. */
  function bands(spec) {
    return function (u) {
      var c = u.ctx, b = u.bbox;
      c.save();
      spec.gaps.forEach(function (g) {
        var e = bandEdges(u, g);
        c.fillStyle = gapColour(g, e[1] - e[0] > 12 ? 0.18 : 0.5);
        c.fillRect(e[0], b.top, e[1] - e[0], b.height);
      });
      c.restore();
    };
  }

  /* On top: each gap's cause (inside a wide band, beside a narrow one, never over another label),
   * "collecting since" in the empty start, and the rating line. */
  function overlay(spec, rating) {
    return function (u) {
      var c = u.ctx, b = u.bbox, r = uPlot.pxRatio, taken = b.left - 1;
      c.save();
      c.font = (10 * r) + 'px ' + css('--mono');
      c.textAlign = 'left';  // uPlot leaves the context as its last axis drew it
      c.textBaseline = 'top';
      spec.gaps.forEach(function (g) {
        var e = bandEdges(u, g), text = causeText(g.cause), w = c.measureText(text).width, pad = 3 * r, x;
        if (w + 2 * pad < e[1] - e[0]) { x = e[0] + pad; } else if (e[1] + pad + w < b.left + b.width) { x = e[1] + pad; } else { x = e[0] - pad - w; }
        if (x <= taken || x < b.left) { return; }
        c.fillStyle = 'rgba(13,16,10,0.85)';
        c.fillRect(x - r, b.top + r, w + 2 * r, 12 * r);
        c.fillStyle = g.cause === 'source_down' ? '#f08a78' : css('--muted');
        c.fillText(text, x, b.top + 2 * r);
        taken = x + w + pad;
      });
      if (spec.collecting) {
        var right = Math.max(b.left, u.valToPos(spec.first, 'x', true));
        var note = 'collecting since ' + F.dayClock(spec.first * 1000);
        if (c.measureText(note).width + 8 * r < right - b.left) {
          c.fillStyle = css('--muted');
          c.textBaseline = 'middle';
          c.fillText(note, b.left + 4 * r, b.top + b.height / 2);
        }
      }
      if (rating) {
        var y = Math.round(u.valToPos(rating, 'y', true)) + 0.5;
        c.strokeStyle = css('--red');
        c.setLineDash([5 * r, 4 * r]);
        c.lineWidth = r;
        c.beginPath();
        c.moveTo(b.left, y);
        c.lineTo(b.left + b.width, y);
        c.stroke();
        c.fillStyle = css('--red');
        c.textAlign = 'right';
        c.textBaseline = 'bottom';
        c.fillText('rating ' + F.num(rating, 0) + ' A', b.left + b.width - 3 * r, y - 2 * r);
      }
      c.restore();
    };
  }

  /* The tooltip: time and values at the cursor, or the gap and its cause. Text only. */
  function tooltip(spec) {
    var $tip = el('div', 'chart-tip mono').prop('hidden', true);
    return {
      init: function (u) { $(u.over).append($tip); },
      move: function (u) {
        var left = u.cursor.left, idx = u.cursor.idx;
        if (left === undefined || left < 0 || idx === null || idx === undefined) { $tip.prop('hidden', true); return; }
        // In a gap when the cursor is over its band as drawn (a short gap is drawn wider than its time).
        var px = left * uPlot.pxRatio + u.bbox.left;
        var gap = spec.gaps.filter(function (g) { var e = bandEdges(u, g); return px >= e[0] - 1 && px <= e[1] + 1; })[0];
        $tip.empty();
        if (gap) {
          $tip.append(el('div', 'tip-gap', 'gap: ' + causeText(gap.cause)));
          $tip.append(el('div', '', F.dayClock(gap.start * 1000) + '–' + F.dayClock(gap.end * 1000)));
        } else {
          $tip.append(el('div', 'tip-time', F.dayClock(u.data[0][idx] * 1000)));
          spec.k.labels.forEach(function (label, i) {
            var v = u.data[i + 1] ? u.data[i + 1][idx] : null;
            $tip.append(el('div', '', label + ' ' + (v === null || v === undefined ? '—' : F.num(v, spec.k.digits) + ' ' + spec.k.unit)));
          });
        }
        var w = u.over.clientWidth;
        $tip.prop('hidden', false);
        $tip[0].style.left = (left > w / 2 ? Math.max(0, left - $tip[0].offsetWidth - 8) : left + 8) + 'px';
        $tip[0].style.top = '18px';  // below the gap labels along the top edge
      }
    };
  }

  /* Draw (or redraw) a spec into a box; compact graphs have no legend and narrow axes. */
  function draw(box, spec, opts) {
    var $box = $(box), k = spec.k;
    if (opts.old) { opts.old.destroy(); }
    $box.empty().attr({ 'data-points': spec.counts.join(','), 'data-gaps': spec.gaps.length,
      'data-gap-causes': spec.gaps.map(function (g) { return g.cause; }).join(','),
      'data-x0': new Date(spec.x0 * 1000).toISOString(), 'data-x1': new Date(spec.x1 * 1000).toISOString(),
      'data-collecting-since': spec.collecting ? new Date(spec.first * 1000).toISOString() : null });
    var most = Math.max.apply(null, spec.counts.concat([0]));
    if (typeof window.uPlot === 'undefined') {
      $box.attr('data-state', 'error').append(el('p', 'chart-empty', 'graph unavailable: the chart library did not load'));
      return null;
    }
    if (most < 2) {
      var text = most === 0 ? 'No samples yet: collecting starts with the next successful fetch.'
        : 'Collecting since ' + F.dayClock(spec.first * 1000) + ': the graph appears with the second sample.';
      $box.attr('data-state', 'collecting').append(el('p', 'chart-empty', text));
      return null;
    }
    var rating = opts.rating || 0;
    var ymax = Math.max(spec.ymax, rating) * 1.12 || 1;
    $box.attr({ 'data-state': 'chart', 'data-ymax': ymax.toFixed(2) });
    var tip = tooltip(spec), span = spec.x1 - spec.x0, font = '10px ' + css('--mono'), grid = '#222a1a';
    var series = [{ label: 'time', value: function (u, ts) { return ts === null ? '—' : F.dayClock(ts * 1000); } }];
    k.labels.forEach(function (label, i) {
      series.push({ label: label, stroke: css(k.colors[i]), width: 1.6, spanGaps: false,
                    value: function (u, v) { return v === null || v === undefined ? '—' : F.num(v, k.digits) + ' ' + k.unit; } });
    });
    var plot = new uPlot({
      width: Math.max(160, opts.width), height: opts.height, series: series,
      legend: { show: !opts.compact, live: true },
      cursor: { y: false, drag: { x: false, y: false, setScale: false }, points: { size: 6 } },
      scales: { x: { time: true, range: function () { return [spec.x0, spec.x1]; } },
                y: { range: function () { return [0, ymax]; } } },
      axes: [
        { stroke: css('--muted'), font: font, size: opts.compact ? 22 : (span > 172800 ? 40 : 30), space: opts.compact ? 56 : 70,
          grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, size: 3 },
          values: function (u, splits) { return splits.map(function (ts) { return timeLabel(ts, span); }); } },
        { stroke: css('--muted'), font: font, size: opts.compact ? 44 : 56, space: opts.compact ? 16 : 36,
          label: k.unit, labelSize: 12, labelFont: font, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, size: 3 },
          values: function (u, splits) { return splits.map(function (v) { return F.num(v, v % 1 ? 1 : 0); }); } }
      ],
      hooks: { init: [tip.init], setCursor: [tip.move], drawAxes: [bands(spec)], draw: [overlay(spec, rating)] }
    }, spec.data, box);
    return plot;
  }

  /* ------------------------------------------------------------ panel graphs */
  /* Take the drawn graphs out of a container before its panels are rebuilt; they go back after the render. */
  function park($container) {
    $container.find('.chart-slot > .chart').detach();
  }

  function chartFor($slot) {
    var key = $slot.data('chart') + ':' + $slot.data('name');
    if (!charts[key]) {
      charts[key] = { kind: $slot.data('chart'), name: String($slot.data('name')), box: el('div', 'chart')[0], plot: null, fetchedAt: 0 };
    }
    var c = charts[key];
    c.rating = Number($slot.data('rating')) || 0;
    if (c.box.parentNode !== $slot[0]) { $slot.empty().append(c.box); }
    return c;
  }

  function drawPanel(c) {
    var slot = c.box.parentNode;
    if (!c.spec || !slot) { return; }
    c.plot = draw(c.box, c.spec, { old: c.plot, compact: true, width: slot.clientWidth, height: KINDS[c.kind].height, rating: c.rating });
    $(c.box).attr({ role: 'img', 'aria-label': c.name + ' ' + KINDS[c.kind].labels.join(', ') + ', ' + caption(c.spec) });
  }

  function refreshPanels(snap) {
    var due = [];
    $('.chart-slot[data-chart]').each(function () {
      var c = chartFor($(this));
      if (Date.now() - c.fetchedAt > SPARK_EVERY_MS) { due.push(c); }
    });
    var batch = [];
    due.forEach(function (c) {
      var names = KINDS[c.kind].series(c.name);
      if (batch.length && batch.reduce(function (n, b) { return n + b.names.length; }, 0) + names.length > 8) { fetchPanels(batch, snap); batch = []; }
      c.fetchedAt = Date.now();
      batch.push({ c: c, names: names });
    });
    if (batch.length) { fetchPanels(batch, snap); }
  }

  function fetchPanels(batch, snap) {
    var names = [];
    batch.forEach(function (b) { names = names.concat(b.names); });
    OPS.api.getJson(D.cfg.base + 'api/history', { series: names.join(','), range: '1h' }).done(function (body) {
      var map = {};
      body.series.forEach(function (s) { map[s.series] = s; });
      batch.forEach(function (b) {
        var list = b.names.map(function (n) { return map[n]; }).filter(Boolean);
        if (!list.length) { return; }
        b.c.spec = specOf(b.c.kind, list, '1h', body.now || snap.generated_at);
        drawPanel(b.c);
      });
    }).fail(function (xhr) {
      batch.forEach(function (b) {
        b.c.fetchedAt = 0;
        $(b.c.box).attr('data-state', 'error').empty().append(el('p', 'chart-empty', 'history unavailable: ' + OPS.errorOf(xhr)));
      });
    });
  }

  /* ------------------------------------------------------------ the graph dialog */
  function caption(spec) {
    var parts = [];
    if (spec.kind === 'wan') { parts.push('↓ download (olive) · ↑ upload (pale) in Mbps'); } else { parts.push('load in A; dashed line: rating'); }
    parts.push(F.stepText(spec.step));
    parts.push('times in ' + F.zone());
    if (spec.collecting) { parts.push('collecting since ' + F.dayClock(spec.first * 1000)); }
    if (!spec.gaps.length) {
      parts.push('no gaps');
    } else {
      parts.push(spec.gaps.length + (spec.gaps.length === 1 ? ' gap: ' : ' gaps: ') + spec.gaps.slice(0, 3).map(gapLabel).join('; ') +
                 (spec.gaps.length > 3 ? '; …' : ''));
    }
    return parts.join(' · ');
  }

  function loadGraph() {
    var k = KINDS[graph.kind], range = graph.range;
    $('#graph-title').text(k.title(graph.name, graph.label) + ' — ' + F.rangeText(range));
    $('.graph-range').removeClass('is-active').attr('aria-pressed', 'false')
      .filter('[data-range="' + range + '"]').addClass('is-active').attr('aria-pressed', 'true');
    $('#graph-status').text('loading…');
    OPS.api.getJson(D.cfg.base + 'api/history', { series: k.series(graph.name).join(','), range: range }).done(function (body) {
      if (range !== graph.range) { return; }  // a later click won
      graph.spec = specOf(graph.kind, body.series, range, body.now || D.state.snap.generated_at);
      drawGraph();
      $('#graph-status').text(caption(graph.spec));
    }).fail(function (xhr) { $('#graph-status').text('history unavailable: ' + OPS.errorOf(xhr)); });
    librenmsGraphs(range);
  }

  function drawGraph() {
    var box = document.getElementById('graph-box');
    if (!graph.spec) { return; }
    graph.plot = draw(box, graph.spec, { old: graph.plot, compact: false, width: box.clientWidth - 2, height: 250,
                                         rating: graph.kind === 'pdu' ? graph.rating : 0 });
  }

  /* LibreNMS's own graph of the WAN's port, proxied by the server (the token stays there). */
  function librenmsGraphs(range) {
    var $extra = $('#graph-extra').empty();
    if (graph.kind !== 'wan') { return; }
    var snap = D.state.snap, wan = graph.name;
    var entry = (snap.wan || []).filter(function (x) { return x.name === wan; })[0];
    var names = entry ? String(entry.source).split(',') : [];
    snap.sources.filter(function (s) { return s.type === 'librenms' && names.indexOf(s.name) >= 0; }).forEach(function (s) {
      var url = D.cfg.base + 'api/librenms/' + encodeURIComponent(s.name) + '/wan/' + encodeURIComponent(wan) + '/graph?range=' + range;
      var $fig = el('figure', 'librenms-graph').append(el('figcaption', '', 'LibreNMS (' + s.name + ') — port traffic'));
      var $img = el('img').attr({ alt: 'LibreNMS traffic graph of ' + wan, src: url });
      $img.on('error', function () {
        $img.remove();
        OPS.api.getJson(url).fail(function (xhr) { $fig.append(el('p', 'graph-error', 'Graph unavailable: ' + OPS.errorOf(xhr))); });
      });
      $extra.append($fig.append($img));
    });
  }

  function openGraph(what) {
    var pdu = what.kind === 'pdu' ? (D.state.snap.pdus || []).filter(function (p) { return p.source === what.name; })[0] : null;
    graph.kind = what.kind;
    graph.name = what.name;
    graph.label = pdu ? pdu.name : what.name;
    graph.rating = pdu ? pdu.rating_amps : 0;
    graph.range = '1h';
    graph.spec = null;
    $('#graph-box').empty();
    document.getElementById('graph-dialog').showModal();
    $('#graph-close').trigger('focus');
    loadGraph();
  }

  $('#graph-dialog').on('click', '.graph-range', function () { graph.range = $(this).data('range'); loadGraph(); });
  $('#graph-close').on('click', function () { document.getElementById('graph-dialog').close(); });

  var resizeTimer = null;
  $(window).on('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      Object.keys(charts).forEach(function (key) { drawPanel(charts[key]); });
      if (document.getElementById('graph-dialog').open) { drawGraph(); }
    }, 150);
  });

  // Sparklines slide with time even while the snapshot is unchanged (304), and newly opened site groups
  // bring slots that were never drawn.
  $(document).on('ops:rendered ops:unchanged ops:groups-opened', function () {
    if (D.state.snap) { refreshPanels(D.state.snap); }
  });
  OPS.charts = { plots: charts, park: park, openGraph: openGraph, specOf: specOf, gapsOf: gapsOf, causeText: causeText };
}(jQuery, window.OpsFormat, window.OPS));
