namespace OctoMesh.LoadGen.Compare;

/// <summary>
/// The last lines a child process wrote (stdout and stderr), so a server that fails to start can be reported
/// in its own words. Both pipes must be drained anyway: a full pipe would stall the server.
/// </summary>
public sealed class ProcessOutputTail(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _lock = new();

    public void Add(string line)
    {
        lock (_lock)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
        }
    }

    /// <summary>The last lines that say something, joined on one line with " | ".</summary>
    public string OneLine(int lines)
    {
        lock (_lock)
        {
            var kept = _lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim()).TakeLast(lines).ToList();
            return kept.Count == 0 ? "(no output)" : string.Join(" | ", kept);
        }
    }
}
