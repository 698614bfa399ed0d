using AfterSales.Kernel;
using Microsoft.Extensions.Options;

namespace AfterSales.Attachments;

/// <summary>
/// Attachments (附件): photos, scans, signed forms and reports on any record whose module lets
/// them (<see cref="AttachmentServices.AddAttachments{T}"/>). The content lives in the
/// <c>attachments</c> container; what it is lives beside its record (docs/attachments.md).
/// </summary>
public sealed class AttachmentsModule : FeatureModule
{
    public override string Name => "Attachments";

    public override StorageNeeds Storage => StorageNeeds.Of(queues: [AttachmentThumbnails.Queue], containers: [AttachmentFiles.Container, AttachmentThumbnails.Container]);

    public override IEnumerable<Functions.FunctionDefinition> Functions =>
        [new(nameof(MakeThumbnails), new Functions.QueueTrigger(AttachmentThumbnails.Queue), typeof(MakeThumbnails))];

    public override void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AttachmentOptions>, AttachmentOptionsValidation>();
        services.AddSingleton<AttachmentOwners>();
        services.AddSingleton<AttachmentFiles>();
        services.AddSingleton<AttachmentThumbnails>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder app) => app.MapAttachmentsApi();

    public override IEnumerable<VocabularyList> Vocabulary =>
    [
        new VocabularyList("attachmentEvents", [new("AttachmentRemoved", "已移除附件", "Attachment removed")]),
    ];
}
