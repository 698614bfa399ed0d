using System.Text;
using static System.Net.WebUtility;

namespace AfterSales.Notifications;

/// <summary>How the approval page signs a manager in: Entra ID in the browser (PKCE), or a pasted token (Development, /dev/token).</summary>
public sealed record SignIn(string? Authority, string? ClientId, string? Scope, string RedirectUri, bool Development)
{
    public bool UsesEntra => !string.IsNullOrEmpty(Authority) && !string.IsNullOrEmpty(ClientId);

    /// <summary><c>https://login.microsoftonline.com/{tenant}</c> from the v2.0 authority the API trusts.</summary>
    public string TenantBase => Authority!.TrimEnd('/') is var a && a.EndsWith("/v2.0", StringComparison.Ordinal) ? a[..^5] : Authority!.TrimEnd('/');
}

/// <summary>
/// The pages an approval link opens, in zh-CN and English: confirm (sign in, add a comment,
/// decide), the outcome, or why nothing was changed. Plain HTML with a little script; every value
/// inserted is HTML-encoded; the script's settings travel as JSON, never as markup.
/// </summary>
public static class ApprovalPages
{
    private const string TokenKey = "aftersales.approval.token";

    public static string Confirm(string number, bool approve, DateTimeOffset expiresAt, SignIn signIn)
    {
        var (zh, en) = approve ? ("批准", "Approve") : ("驳回", "Reject");
        var body = new StringBuilder()
            .Append($"<h1>{HtmlEncode($"{zh} {number} 的处理? / {en} the handling of {number}?")}</h1>")
            .Append($"<p>{HtmlEncode(approve ? "批准后由技术中心安排现场处理。" : "驳回后退回市场营销部重新初步分析; 请写明理由。")}<br>")
            .Append($"{HtmlEncode(approve ? "Once approved, the technical center arranges the on-site handling." : "Rejected, it goes back to marketing for a new analysis; say why.")}</p>")
            .Append($"<p class=\"muted\">{HtmlEncode($"链接有效期至 / valid until {expiresAt:yyyy-MM-dd HH:mm} UTC")}</p>")
            .Append("<form id=\"decide\"><label>意见 / Comment<br><textarea name=\"comment\" rows=\"4\" maxlength=\"4000\"></textarea></label>")
            .Append(signIn.UsesEntra && !signIn.Development
                ? "<p id=\"who\"></p><p><button type=\"button\" id=\"signin\">使用公司账户登录 / Sign in with your work account</button></p>"
                : "<p><label>员工令牌 / Staff token<br><textarea id=\"token\" rows=\"3\" placeholder=\"eyJ...\"></textarea></label><br>"
                    + $"<span class=\"muted\">{HtmlEncode(signIn.Development ? "本地运行: POST /dev/token (roles: management) 获取令牌 / Locally: get one from POST /dev/token with roles [\"management\"] (README)." : "粘贴员工访问令牌 / Paste a staff access token for this API.")}</span></p>")
            .Append($"<p><button type=\"submit\">{HtmlEncode($"确认{zh} / Confirm: {en}")}</button></p></form><div id=\"result\" role=\"status\"></div>")
            .Append(Script(signIn, signIn.UsesEntra && !signIn.Development));
        return Page($"{zh} {number} / {en} {number}", body.ToString());
    }

    /// <summary>Where Entra ID sends the browser back: trade the code for a token, then return to the link.</summary>
    public static string SignedIn(SignIn signIn) => signIn.UsesEntra
        ? Page("登录 / Signing in", "<p id=\"result\">正在登录… / Signing in…</p>" + Script(signIn, entra: true, callback: true))
        : Refused("此处未配置公司账户登录 (Approvals:ClientId)。", "Sign-in with a work account is not set up here (Approvals:ClientId).");

    public static string Decided(string number, bool approved, Kernel.Staff by, DateTimeOffset at) => Page(
        approved ? "已批准 / Approved" : "已驳回 / Rejected",
        $"<h1>{HtmlEncode(approved ? $"{number} 已批准 / {number} approved" : $"{number} 已驳回 / {number} rejected")}</h1>" +
        $"<p>{HtmlEncode($"{by.Name} · {at:yyyy-MM-dd HH:mm} UTC")}</p><p>{HtmlEncode("已记录在投诉的处理记录中。/ Recorded in the complaint's history.")}</p>");

    /// <summary>Why nothing was changed.</summary>
    public static string Refused(string zh, string en, string? detail = null) => Page(
        "未执行 / Not done",
        $"<h1>{HtmlEncode("未执行 / Nothing was changed")}</h1><p>{HtmlEncode(zh)}</p><p>{HtmlEncode(en)}</p>" +
        (detail is null ? "" : $"<p class=\"muted\">{HtmlEncode(detail)}</p>"));

    private static string Page(string title, string body) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark"><meta name="referrer" content="no-referrer"><title>{{HtmlEncode(title)}}</title>
        <style>body{font-family:'Microsoft YaHei','PingFang SC','Segoe UI',system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6}
        textarea{width:100%;font:inherit}button{font:inherit;padding:.5rem 1rem}.muted{opacity:.7;font-size:.9em}</style></head>
        <body>{{body}}</body></html>
        """;

    private static string Script(SignIn signIn, bool entra, bool callback = false)
    {
        var settings = System.Text.Json.JsonSerializer.Serialize(new
        {
            key = TokenKey,
            entra,
            callback,
            tenant = entra ? signIn.TenantBase : null,
            clientId = signIn.ClientId,
            scope = signIn.Scope,
            redirectUri = signIn.RedirectUri,
        });
        // The settings are JSON inside a script element; "</" cannot end it early.
        return "<script>const cfg = " + settings.Replace("</", "<\\/", StringComparison.Ordinal) + ";\n" + ScriptBody + "</script>";
    }

    private const string ScriptBody = """
        const b64 = a => btoa(String.fromCharCode(...new Uint8Array(a))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
        const result = document.getElementById('result');
        async function signIn() {
          const verifier = b64(crypto.getRandomValues(new Uint8Array(32)));
          sessionStorage.setItem(cfg.key + '.verifier', verifier);
          sessionStorage.setItem(cfg.key + '.return', location.pathname);
          const challenge = b64(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
          location.href = cfg.tenant + '/oauth2/v2.0/authorize?' + new URLSearchParams({ client_id: cfg.clientId, response_type: 'code',
            redirect_uri: cfg.redirectUri, scope: cfg.scope + ' openid profile', code_challenge: challenge, code_challenge_method: 'S256', response_mode: 'query' });
        }
        async function callback() {
          const code = new URLSearchParams(location.search).get('code');
          const r = await fetch(cfg.tenant + '/oauth2/v2.0/token', { method: 'POST', body: new URLSearchParams({ client_id: cfg.clientId,
            grant_type: 'authorization_code', code, redirect_uri: cfg.redirectUri, code_verifier: sessionStorage.getItem(cfg.key + '.verifier') || '' }) });
          const t = await r.json();
          if (!t.access_token) { result.textContent = '登录失败 / Sign-in failed: ' + (t.error_description || r.status); return; }
          sessionStorage.setItem(cfg.key, t.access_token);
          location.replace(sessionStorage.getItem(cfg.key + '.return') || '/');
        }
        if (cfg.callback) { callback(); }
        else {
          const form = document.getElementById('decide');
          if (cfg.entra) {
            document.getElementById('signin').onclick = signIn;
            if (sessionStorage.getItem(cfg.key)) { document.getElementById('who').textContent = '已登录 / Signed in'; }
          }
          form.onsubmit = async e => {
            e.preventDefault();
            const token = (cfg.entra ? sessionStorage.getItem(cfg.key) : document.getElementById('token').value || '').trim();
            if (!token) { result.textContent = '请先登录 / Sign in first.'; return; }
            const r = await fetch(location.pathname, { method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' },
              body: JSON.stringify({ comment: form.comment.value }) });
            const text = await r.text();
            if ((r.headers.get('content-type') || '').startsWith('text/html')) { document.open(); document.write(text); document.close(); return; }
            let detail = text; try { detail = JSON.parse(text).detail || text; } catch { }
            result.textContent = r.status + ': ' + detail + (r.status === 401 ? ' — 请重新登录 / sign in again.' : '');
            if (r.status === 401 && cfg.entra) { sessionStorage.removeItem(cfg.key); }
          };
        }
        """;
}
