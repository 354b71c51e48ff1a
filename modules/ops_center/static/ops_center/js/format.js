/* Operations Command Center - formatting helpers (pure functions, no DOM).
 * The one time rule: every time on the page is shown in the browser's zone, which the page states
 * ("times in Europe/Berlin"), and "now" is the server's clock (set from each snapshot), never the browser's. */
(function (global) {
  'use strict';

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var offsetMs = 0;  // server clock minus browser clock, from the last snapshot

  function num(value, digits) {
    if (value === null || value === undefined || isNaN(Number(value))) { return '—'; }
    return Number(value).toFixed(digits === undefined ? 0 : digits);
  }

  function zone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
    } catch (e) {
      return 'local time';
    }
  }

  /* Remember the server's time of a response, so ages and graph windows follow its clock. */
  function setServerTime(iso) {
    var t = Date.parse(iso);
    if (!isNaN(t)) { offsetMs = t - Date.now(); }
  }

  function serverNow() { return Date.now() + offsetMs; }

  function ageSeconds(iso, now) {
    if (!iso) { return null; }
    var t = Date.parse(iso);
    if (isNaN(t)) { return null; }
    return Math.max(0, Math.round(((now || serverNow()) - t) / 1000));
  }

  function ago(iso, now) {
    var s = ageSeconds(iso, now);
    if (s === null) { return 'never'; }
    if (s < 60) { return s + ' s ago'; }
    if (s < 3600) { return Math.floor(s / 60) + ' min ago'; }
    if (s < 86400) { return Math.floor(s / 3600) + ' h ago'; }
    return Math.floor(s / 86400) + ' d ago';
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) { return '—'; }
    var s = Math.round(seconds);
    if (s < 60) { return s + ' s'; }
    if (s < 3600) { return Math.round(s / 60) + ' min'; }
    if (s < 86400) { return (s / 3600).toFixed(1) + ' h'; }
    return (s / 86400).toFixed(1) + ' d';
  }

  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function toDate(value) {
    if (value === null || value === undefined || value === '') { return null; }
    var d = typeof value === 'number' ? new Date(value) : new Date(value);
    return isNaN(d.getTime()) ? null : d;
  }

  function clock(iso) {
    var d = toDate(iso);
    if (!d) { return '--:--:--'; }
    return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
  }

  function shortClock(iso) {
    var d = toDate(iso);
    return d ? pad(d.getHours()) + ':' + pad(d.getMinutes()) : '--:--';
  }

  function day(d) { return pad(d.getDate()) + ' ' + MONTHS[d.getMonth()]; }

  /* "14:30" today (by the server's clock), "28 Nov 14:30" on another day. */
  function dayClock(iso) {
    var d = toDate(iso);
    if (!d) { return '--:--'; }
    var today = new Date(serverNow());
    var same = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
    return (same ? '' : day(d) + ' ') + shortClock(d);
  }

  /* "2026-12-01 14:30:25": the audit log's full time. */
  function dateTime(iso) {
    var d = toDate(iso);
    if (!d) { return String(iso || '—'); }
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + clock(d);
  }

  function bps(value) {
    if (value === null || value === undefined) { return '—'; }
    var units = ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s'];
    var v = Number(value), i = 0;
    while (v >= 1000 && i < units.length - 1) { v /= 1000; i += 1; }
    return (v >= 100 || i === 0 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[i];
  }

  /* A history step as people say it: 14400 -> "4-hour averages". */
  function stepText(stepS) {
    var s = Number(stepS);
    if (!s) { return 'raw samples'; }
    if (s % 86400 === 0) { return (s / 86400) + '-day averages'; }
    if (s % 3600 === 0) { return (s / 3600) + '-hour averages'; }
    if (s % 60 === 0) { return (s / 60) + '-minute averages'; }
    return s + '-second averages';
  }

  var RANGES = { '1h': 'last hour', '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days' };

  function rangeText(range) { return RANGES[range] || String(range); }

  global.OpsFormat = {
    num: num, ago: ago, ageSeconds: ageSeconds, duration: duration, zone: zone,
    setServerTime: setServerTime, serverNow: serverNow,
    clock: clock, shortClock: shortClock, dayClock: dayClock, day: function (v) { var d = toDate(v); return d ? day(d) : '—'; },
    dateTime: dateTime, bps: bps, stepText: stepText, rangeText: rangeText
  };
}(window));
