using System.Text;

namespace EmotionRecognition.Cli;

/// <summary>
/// Makes a file name (or any text from outside) safe inside one line of text output. A name may contain a TAB, a newline or any
/// control character, which would split its result line or forge another one for a reader that splits on them; they are
/// written as C-style escapes (<c>\t</c>, <c>\n</c>, <c>\u001b</c>), and the backslash itself as <c>\\</c>, so the
/// original name can be recovered.
/// </summary>
internal static class TextLine
{
    internal static string Escape(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.Contains('\\') && !text.Any(IsOtherBreak)) return text;
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '\t' => @"\t",
                '\n' => @"\n",
                '\r' => @"\r",
                _ when c < ' ' || IsOtherBreak(c) => $@"\u{(int)c:x4}",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }

    // DEL, NEL and the Unicode line and paragraph separators end lines for some readers too.
    private static bool IsOtherBreak(char c) => c is '\u007f' or '\u0085' or '\u2028' or '\u2029';
}
