// Progressive enhancement only: every page works without this script.
(function () {
  'use strict';
  // the browser values an EMV 3DS Server collects (EMV 3DS 2.x, browser channel)
  var values = {
    javascript: 'true',
    java: String(typeof navigator.javaEnabled === 'function' ? navigator.javaEnabled() : false),
    colorDepth: String(screen.colorDepth || 24),
    screenHeight: String(screen.height || 0),
    screenWidth: String(screen.width || 0),
    tz: String(new Date().getTimezoneOffset()),
  };
  document.querySelectorAll('input[data-browser]').forEach(function (input) {
    var value = values[input.getAttribute('data-browser')];
    if (value !== undefined) input.value = value;
  });

  // error summary: focus it so a screen reader reads what to fix
  var summary = document.querySelector('[data-focus]');
  if (summary) summary.focus();

  // the CReq goes into the iframe at once; the button stays for a second try
  var creq = document.querySelector('form[data-autosubmit]');
  if (creq) creq.submit();

  // the notification page inside the iframe: show the result in the whole window
  var out = document.querySelector('a[data-break-out]');
  if (out && window.top !== window.self) {
    try {
      window.top.location.href = out.href;
    } catch {
      // a cross-origin parent: the link (target=_top) is still there
    }
  }

  // waiting for the RReq: look again shortly
  var reload = document.querySelector('[data-reload]');
  var seconds = reload && Number(reload.getAttribute('data-reload'));
  if (seconds) setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
