/* Operations Command Center - switch management: ports up / total and a compact port map per switch.
 * A click (or Enter) opens the port table (controls.js). */
(function ($, F, OPS) {
  'use strict';

  OPS.sections.register('switches', function (snap, ctx) {
    var el = ctx.el;
    var $box = $('#switches').empty();
    if (!(snap.switches || []).length) { $box.append(el('p', 'muted', 'No switch configured.')); }
    (snap.switches || []).forEach(function (s) {
      var $sw = el('div', 'switch').attr({ 'data-switch': s.source, tabindex: 0, role: 'button',
                                           'aria-label': s.name + ' port table' });
      var $head = el('div', 'switch-head');
      $head.append(el('span', 'switch-name stencil', s.name));
      $head.append(el('span', 'switch-model muted', [s.vendor, s.model].filter(Boolean).join(' ')));
      $head.append(el('span', 'switch-count mono', s.ports_up + '/' + s.port_count + ' up'));
      $sw.append($head);
      var $map = el('div', 'portmap' + (s.port_count > 24 ? ' dense' : ''));
      (s.ports || []).forEach(function (p) {
        var cls = p.admin === 'down' ? 'port port-disabled' : 'port port-' + p.oper;
        $map.append(el('span', cls).attr('title', p.name + (p.alias ? ' (' + p.alias + ')' : '') + ': ' +
                                         (p.admin === 'down' ? 'disabled' : p.oper)));
      });
      $sw.append($map);
      $box.append($sw);
    });
  });
}(jQuery, window.OpsFormat, window.OPS));
