/* Operations Command Center - history charts: plain SVG sparklines and a larger graph dialog.
 * Points come from /ops/api/history; a null value is a gap (the line breaks, nothing is interpolated). */
(function ($, F, D) {
  'use strict';

  var base = $('body').data('base');
  var SVG = 'http://www.w3.org/2000/svg';
  var graph = { wan: null, range: '1h' };

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  /* Build the path of one series; x over [t0, t1], y over [0, ymax]. Returns 'd' and the point count. */
  function pathOf(points, t0, t1, ymax, w, h) {
    var d = '', pen = false, n = 0;
    points.forEach(function (p) {
      if (p[1] === null) { pen = false; return; }
      var x = ((Date.parse(p[0]) - t0) / Math.max(1, t1 - t0)) * w;
      var y = h - (ymax > 0 ? (p[1] / ymax) * h : 0);
      d += (pen ? 'L' : 'M') + x.toFixed(1) + ' ' + y.toFixed(1) + ' ';
      pen = true;
      n += 1;
    });
    return { d: d, n: n };
  }

  /* Draw series into a container; opts: {w, h, span (s), ymax, ref (horizontal line value), cls: [...]}. */
  function draw($box, seriesList, opts) {
    var w = opts.w, h = opts.h, now = Date.now(), t0 = now - opts.span * 1000;
    var ymax = opts.ymax || 0;
    seriesList.forEach(function (s) { s.points.forEach(function (p) { if (p[1] !== null && p[1] > ymax) { ymax = p[1]; } }); });
    if (opts.ref) { ymax = Math.max(ymax, opts.ref); }
    ymax = ymax * 1.1 || 1;
    var svg = svgEl('svg', { viewBox: '0 0 ' + w + ' ' + h, preserveAspectRatio: 'none', class: 'chart-svg', role: 'img' });
    if (opts.ref) {
      var ry = (h - (opts.ref / ymax) * h).toFixed(1);
      svg.appendChild(svgEl('line', { x1: 0, x2: w, y1: ry, y2: ry, class: 'chart-ref' }));
    }
    var counts = [];
    seriesList.forEach(function (s, i) {
      var p = pathOf(s.points, t0, now, ymax, w, h);
      counts.push(p.n);
      if (p.d) { svg.appendChild(svgEl('path', { d: p.d, class: 'chart-line ' + (opts.cls[i] || '') })); }
      if (p.n === 1) {  // a single point: a short tick (a circle would stretch with the chart's aspect)
        var only = s.points.filter(function (q) { return q[1] !== null; })[0];
        var cx = ((Date.parse(only[0]) - t0) / (now - t0)) * w, cy = (h - (only[1] / ymax) * h).toFixed(1);
        svg.appendChild(svgEl('line', { x1: (cx - 4).toFixed(1), x2: cx.toFixed(1), y1: cy, y2: cy,
                                        class: 'chart-line chart-tick ' + (opts.cls[i] || '') }));
      }
    });
    $box.empty().append(svg).attr('data-points', counts.join(',')).attr('data-ymax', ymax.toFixed(2));
    return ymax;
  }

  function fetchHistory(series, range) {
    return $.getJSON(base + 'api/history', { series: series.join(','), range: range });
  }

  function bySeries(body) {
    var map = {};
    body.series.forEach(function (s) { map[s.series] = s; });
    return map;
  }

  /* ------------------------------------------------------------ sparklines after every render */
  function refreshSparks(snap) {
    var series = [];
    snap.wan.forEach(function (w) { series.push('wan:' + w.name + ':rx_mbps', 'wan:' + w.name + ':tx_mbps'); });
    snap.pdus.forEach(function (p) { series.push('pdu:' + p.source + ':load_amps'); });
    var chunks = [];
    for (var i = 0; i < series.length; i += 8) { chunks.push(series.slice(i, i + 8)); }
    chunks.forEach(function (chunk) {
      fetchHistory(chunk, '1h').done(function (body) {
        var map = bySeries(body);
        snap.wan.forEach(function (w) {
          var rx = map['wan:' + w.name + ':rx_mbps'], tx = map['wan:' + w.name + ':tx_mbps'];
          if (!rx || !tx) { return; }
          var $p = $('.wan-panel').filter(function () { return $(this).data('wan') === w.name; });
          var $box = $p.find('.spark');
          if (!$box.length) { $box = $('<div class="spark" title="last hour: ↓ olive, ↑ pale">').insertAfter($p.find('.wan-rate')); }
          draw($box, [rx, tx], { w: 300, h: 40, span: 3600, cls: ['line-rx', 'line-tx'] });
        });
        snap.pdus.forEach(function (p) {
          var load = map['pdu:' + p.source + ':load_amps'];
          if (!load) { return; }
          var $pdu = $('.pdu').filter(function () { return $(this).data('pdu') === p.source; });
          var $box = $pdu.find('.pdu-trend');
          if (!$box.length) { $box = $('<div class="pdu-trend" title="load, last hour; dashed line: rating">').insertAfter($pdu.find('.loadbar')); }
          draw($box, [load], { w: 300, h: 36, span: 3600, ref: p.rating_amps, cls: ['line-load'] });
        });
      });
    });
  }

  /* ------------------------------------------------------------ large graph */
  var SPANS = { '1h': 3600, '24h': 86400, '7d': 604800, '30d': 2592000 };

  function loadGraph() {
    var w = graph.wan, range = graph.range;
    $('#graph-title').text(w + ' THROUGHPUT — ' + range);
    $('.graph-range').removeClass('is-active').filter('[data-range="' + range + '"]').addClass('is-active');
    $('#graph-status').text('loading…');
    fetchHistory(['wan:' + w + ':rx_mbps', 'wan:' + w + ':tx_mbps'], range).done(function (body) {
      var map = bySeries(body);
      var ymax = draw($('#graph-box'), [map['wan:' + w + ':rx_mbps'], map['wan:' + w + ':tx_mbps']],
                      { w: 800, h: 240, span: SPANS[range], cls: ['line-rx', 'line-tx'] });
      var gaps = map['wan:' + w + ':rx_mbps'].points.filter(function (p) { return p[1] === null; }).length;
      $('#graph-status').text('↓ olive / ↑ pale · scale 0–' + F.num(ymax, 0) + ' Mbps · step ' +
        body.series[0].step_s + ' s' + (gaps ? ' · ' + gaps + ' gap(s) where the source was down' : ''));
    }).fail(function () { $('#graph-status').text('history unavailable'); });
    librenmsGraphs(w, range);
  }

  /* LibreNMS's own graph of the WAN's port, proxied by the server (the token stays there). */
  function librenmsGraphs(wan, range) {
    var $extra = $('#graph-extra').empty();
    var snap = D.state.snap, entry = snap.wan.filter(function (x) { return x.name === wan; })[0];
    var names = entry ? entry.source.split(',') : [];
    snap.sources.filter(function (s) { return s.type === 'librenms' && names.indexOf(s.name) >= 0; }).forEach(function (s) {
      var url = base + 'api/librenms/' + encodeURIComponent(s.name) + '/wan/' + encodeURIComponent(wan) + '/graph?range=' + range;
      var $fig = $('<figure class="librenms-graph">').append($('<figcaption>').text('LibreNMS (' + s.name + ') — port traffic'));
      var $img = $('<img>').attr({ alt: 'LibreNMS traffic graph of ' + wan, src: url });
      $img.on('error', function () {
        $img.remove();
        $.getJSON(url).fail(function (xhr) {
          var msg = (xhr.responseJSON && xhr.responseJSON.error && xhr.responseJSON.error.message) || xhr.statusText;
          $fig.append($('<p class="graph-error">').text('Graph unavailable: ' + msg));
        });
      });
      $extra.append($fig.append($img));
    });
  }

  $('#wan-panels').on('click', '.wan-panel[data-wan]', function () {
    graph.wan = $(this).data('wan');
    graph.range = '1h';
    document.getElementById('graph-dialog').showModal();
    $('#graph-close').trigger('focus');
    loadGraph();
  });
  $('#graph-dialog').on('click', '.graph-range', function () { graph.range = $(this).data('range'); loadGraph(); });
  $('#graph-close').on('click', function () { document.getElementById('graph-dialog').close(); });

  $(document).on('ops:rendered', function (_e, snap) { refreshSparks(snap); });
  window.OpsCharts = { draw: draw, pathOf: pathOf };
}(jQuery, window.OpsFormat, window.OpsDashboard));
