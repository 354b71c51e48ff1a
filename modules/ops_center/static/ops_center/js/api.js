/* Operations Command Center - the one client helper shared by the dashboard, its controls and the
 * settings page: ajax with the CSRF header from the page's meta tag, the one reader of the server's error
 * shape {"error": {"status", "message"}}, el(), which only ever inserts text (vendor text is untrusted), and the
 * conditional GET the dashboard polls the summary with. */
(function ($, global) {
  'use strict';

  var OPS = global.OPS = global.OPS || {};
  var token = $('meta[name=csrf-token]').attr('content');

  // Only our own origin is ever called; the header rides on every write.
  $.ajaxSetup({ headers: { 'X-CSRFToken': token } });

  /* A new element; text is set with .text(), so markup in it stays inert. */
  function el(tag, cls, text) {
    var $e = $(document.createElement(tag));
    if (cls) { $e.addClass(cls); }
    if (text !== undefined && text !== null) { $e.text(String(text)); }
    return $e;
  }

  /* The message of a failed request, whatever failed. */
  function errorOf(xhr) {
    var body = xhr && xhr.responseJSON;
    if (xhr && xhr.status === 401) { return 'session expired: log in again'; }
    if (body && body.error) {
      return typeof body.error === 'string' ? body.error : (body.error.message || 'error ' + body.error.status);
    }
    if (xhr && xhr.status === 0) { return 'no answer from the server'; }
    return (xhr && xhr.statusText) || 'request failed';
  }

  function getJson(url, params, timeoutMs) {
    return $.ajax({ url: url, data: params, dataType: 'json', cache: false, timeout: timeoutMs || 20000 });
  }

  /* GET that names the copy it holds (If-None-Match): resolves {status: 200|304, data, etag, date}.
   * On 304 data is undefined and the caller keeps what it has. Set explicitly, the header makes the browser
   * hand the 304 to this script instead of answering from its own cache, so the behaviour is testable. */
  function getConditional(url, etag, timeoutMs) {
    return $.ajax({ url: url, dataType: 'json', cache: false, timeout: timeoutMs || 20000,
                    headers: etag ? { 'If-None-Match': etag } : {} })
      .then(function (data, _text, xhr) {
        return { status: xhr.status, data: xhr.status === 304 ? undefined : data,
                 etag: xhr.getResponseHeader('ETag'), date: xhr.getResponseHeader('Date') };
      });
  }

  function sendJson(method, url, body) {
    return $.ajax({ url: url, method: method, contentType: 'application/json', dataType: 'json',
                    data: body === undefined ? undefined : JSON.stringify(body) });
  }

  function postJson(url, body) { return sendJson('POST', url, body); }

  OPS.el = el;
  OPS.errorOf = errorOf;
  OPS.api = { getJson: getJson, getConditional: getConditional, sendJson: sendJson, postJson: postJson, csrfToken: token };
}(jQuery, window));
