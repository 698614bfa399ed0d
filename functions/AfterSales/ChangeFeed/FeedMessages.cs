using AfterSales.Kernel;

namespace AfterSales.ChangeFeed;

/// <summary>
/// Sent by a writer just before it commits a change: "record <see cref="Id"/> is getting events
/// <see cref="From"/>..<see cref="To"/> with these ids". <see cref="PublishChanges"/> publishes the
/// events once it finds them committed, and drops the announcement of a change that never was.
/// </summary>
public sealed record FeedAnnouncement(string Kind, string Id, int From, int To, IReadOnlyList<string> Events, int Deferrals = 0);

/// <summary>
/// What one subscriber's queue receives: committed events of one record, in order, as stored. A
/// change too large for a queue message travels as its range only (<see cref="Events"/> null), and
/// the subscriber reads it from the record's history. A <see cref="Replay"/> asks for the events
/// to be handled again even where receipts say they were (after a fix of the subscriber).
/// </summary>
public sealed record SubscriberMessage(string Kind, string Id, int From, int To, IReadOnlyList<RecordEvent>? Events, bool Replay = false);
