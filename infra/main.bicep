// AfterSales in one subscription: resource group, storage, monitoring, Key Vault, identity with
// least-privilege roles, and the Function App running the custom handler.
// azd reads main.parameters.json (AZURE_ENV_NAME, AZURE_LOCATION, AZURE_PRINCIPAL_ID); see docs/deploy.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the environment (azd env name); makes resource names unique and tags everything.')
param environmentName string

@minLength(1)
@description('Azure region for every resource.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Object id of the deploying user, given data access to run the app locally against Azure. Empty: none.')
param principalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
@description('Kind of principalId (ServicePrincipal when a pipeline deploys).')
param principalType string = 'User'

@description('Object id of an Entra group of Power BI report authors, given read access to the exports container and the export\'s tables. Empty: none.')
param reportReadersGroupId string = ''

@description('Resource group name; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@allowed(['FlexConsumption', 'ElasticPremium'])
@description('Hosting plan of the Function App.')
param hostingPlan string = 'FlexConsumption'

@minValue(40)
@maxValue(1000)
@description('Flex Consumption: the most instances the app scales out to.')
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
@description('Flex Consumption: memory of one instance in MB.')
param instanceMemoryMB int = 2048

@description('Flex Consumption: version of the custom handler runtime stack.')
param flexRuntimeVersion string = '1.0'

@allowed(['EP1', 'EP2', 'EP3'])
@description('Elastic Premium: plan size.')
param premiumSku string = 'EP1'

@minValue(1)
@maxValue(20)
@description('Elastic Premium: always-ready instances.')
param premiumMinimumInstanceCount int = 1

@minValue(1)
@maxValue(100)
@description('Elastic Premium: the most instances the plan scales out to.')
param premiumMaximumInstanceCount int = 20

@allowed(['StorageQueues', 'ServiceBus'])
@description('What carries the change feed and the work queues: Storage queues in the app\'s storage account, or a Service Bus namespace this template adds (docs/messaging.md). Publish the package for the same transport (azd: AFTERSALES_MESSAGING_TRANSPORT sets both).')
param messagingTransport string = 'StorageQueues'

@allowed(['Standard', 'Premium'])
@description('Service Bus tier when messagingTransport is ServiceBus.')
param serviceBusSku string = 'Standard'

@allowed([1, 2, 4, 8, 16])
@description('Service Bus Premium: messaging units.')
param serviceBusPremiumCapacity int = 1

@minValue(1)
@description('Power BI export run manifests older than this many days are deleted (the table files are kept).')
param exportRetentionDays int = 400

@minValue(1)
@maxValue(365)
@description('Days deleted blobs, containers and old blob versions can be restored.')
param softDeleteRetentionDays int = 14

@description('Purge protection on the Key Vault (recommended for production; cannot be turned off again).')
param keyVaultPurgeProtection bool = false

@description('The company\'s service rules (ServiceOptions): time zone, home province, and each step\'s limit as [d.]hh:mm:ss.')
param service object = {
  timeZone: 'Asia/Shanghai'
  homeProvince: '江苏'
  arrivalInProvince: '1.00:00:00'
  arrivalOutOfProvince: '2.00:00:00'
  agreedArrivalHorizon: '30.00:00:00'
  lateEntryWindow: '12:00:00'
  lateEntryLimit: '31.00:00:00'
  findingsLimit: '08:00:00'
  triageLimit: '08:00:00'
  remoteSolutionLimit: '1.00:00:00'
  dispatchLimit: '04:00:00'
  repairLimit: '3.00:00:00'
  commissioningLimit: '7.00:00:00'
  approvalLimit: '08:00:00'
  returnLimit: '5.00:00:00'
  confirmationLimit: '3.00:00:00'
  revisitAfter: '7.00:00:00'
  reopenGrace: '14.00:00:00'
  escalateToManagementAfter: '1.00:00:00'
  duplicateWindow: '30.00:00:00'
}

@description('Returns and exchanges (ReturnOptions): each stage\'s limit as [d.]hh:mm:ss.')
param returns object = {
  shipmentLimit: '3.00:00:00'
  transitLimit: '7.00:00:00'
  inspectionLimit: '3.00:00:00'
  settlementLimit: '5.00:00:00'
  closureLimit: '3.00:00:00'
  escalateToManagementAfter: '1.00:00:00'
}

@description('Corrective and preventive action (CapaOptions): each stage\'s limit, and how long a closed CAPA shows on new complaints, as [d.]hh:mm:ss.')
param capa object = {
  notificationLimit: '1.00:00:00'
  causeAnalysisLimit: '7.00:00:00'
  planningLimit: '7.00:00:00'
  reviewLimit: '3.00:00:00'
  approvalLimit: '3.00:00:00'
  verificationLimit: '30.00:00:00'
  closureLimit: '7.00:00:00'
  recentFor: '90.00:00:00'
  escalateToManagementAfter: '1.00:00:00'
}

@description('Field visits (FieldServiceOptions): labour charged per hour outside the warranty (CNY, at cost), time on site as [d.]hh:mm:ss.')
param fieldService object = {
  labourRatePerHour: '200'
  onSiteLimit: '3.00:00:00'
  commissioningLimit: '7.00:00:00'
  revisitWithin: '7.00:00:00'
  escalateToManagementAfter: '1.00:00:00'
}

@description('Scheduled revisits of delivered products (RevisitOptions): due this long after the scheduled date, and escalation to management, as [d.]hh:mm:ss.')
param revisits object = {
  limit: '7.00:00:00'
  escalateToManagementAfter: '1.00:00:00'
}

@description('Satisfaction surveys (SurveyOptions): marketing\'s follow-up of a low score, and its escalation to management, as [d.]hh:mm:ss.')
param surveys object = {
  followUpLimit: '2.00:00:00'
  escalateToManagementAfter: '1.00:00:00'
}

@description('Attachments (AttachmentOptions): the largest file taken, in bytes (25 MB).')
param attachments object = {
  maxBytes: '26214400'
}

@description('Annual purchase amounts (CNY) from which a customer is suggested as key or ordinary (CustomerOptions).')
param customerGrading object = {
  keyFrom: '1000000'
  ordinaryFrom: '100000'
}

@secure()
@description('Graph client secret of the Entra app registration; empty to set it in Key Vault later.')
param graphClientSecret string = ''

@secure()
@description('Teams Workflows webhook URL for approval cards; empty to set it in Key Vault later.')
param teamsWebhookUrl string = ''

@secure()
@description('Key (base64, 32+ bytes) that signs customer links and the approval links of Teams cards; empty to set it in Key Vault later.')
param linkSigningKey string = ''

@description('Entra ID audience of the API\'s tokens (the app registration\'s Application ID URI or client id).')
param apiAudience string = 'api://aftersales'

@description('Application (client) id of the staff console\'s Entra app registration: a single-page application whose redirect URI is https://<function app>/api/console/. Empty: the console offers no sign-in.')
param consoleClientId string = ''

@description('The scope the staff console asks Entra ID a token for; empty means the API audience\'s .default scope.')
param consoleScope string = ''

@description('Customer links, public endpoints: lifetimes as [d.]hh:mm:ss and per-client limits. approvalLifetime: the Approve/Reject links of a Teams approval card.')
param customerLinks object = {
  statusLifetime: '30.00:00:00'
  surveyLifetime: '14.00:00:00'
  approvalLifetime: '3.00:00:00'
}

@description('Notifications (NotificationOptions): delivery off | outbox | graph (set graph once the Graph app, Exchange scoping and the Teams webhook are in place: docs/notifications.md); the address links start with (empty: the app\'s own host name); default language; tries and waits; the due-soon window; the digest hour (company time zone).')
param notifications object = {
  delivery: 'off'
  publicBaseUrl: ''
  defaultLanguage: 'zh-CN'
  maxAttempts: '6'
  retryDelay: '00:00:30'
  maxRetryDelay: '01:00:00'
  dueSoonWindow: '04:00:00'
  digestHour: '8'
}

@description('Who hears of each department\'s work, and the supervisors of escalations: a mailbox and/or the object id of an Entra group whose members are mailed too, and the language (zh-CN or en).')
param notificationRecipients object = {
  marketing: { mailbox: '', group: '', language: 'zh-CN' }
  quality: { mailbox: '', group: '', language: 'zh-CN' }
  technical: { mailbox: '', group: '', language: 'zh-CN' }
  procurement: { mailbox: '', group: '', language: 'zh-CN' }
  management: { mailbox: '', group: '', language: 'zh-CN' }
  supervisors: { mailbox: '', group: '', language: 'zh-CN' }
}

@description('Microsoft Graph, app-only: the app registration\'s client id (its secret goes to Key Vault as graph-client-secret) and the mailbox mail is sent as. Empty client id and secret: the app\'s managed identity signs in.')
param graph object = {
  clientId: ''
  sender: ''
}

@description('How the approval page signs managers in (Entra ID, PKCE in the browser): the app registration with the SPA redirect URI <app>/api/approvals/signed-in, and the scope (empty: <apiAudience>/.default).')
param approvalSignIn object = {
  clientId: ''
  scope: ''
}

@description('Rate limits and body size of the public (customer) endpoints.')
param publicEndpoints object = {
  intakePermits: '5'
  readPermits: '60'
  window: '00:01:00'
  maxBodyBytes: '16384'
  clientIpHeader: 'X-Forwarded-For'
}

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${functionAppName}'
// Names known before deployment, so role assignment names (and What-If) do not wait on outputs.
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var keyVaultName = '${abbrs.keyVaultVaults}${resourceToken}'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var useServiceBus = messagingTransport == 'ServiceBus'

// Key Vault secret names, referenced from app settings below.
var graphClientSecretName = 'graph-client-secret'
var teamsWebhookUrlName = 'teams-webhook-url'
var linkSigningKeyName = 'link-signing-key'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: !empty(resourceGroupName) ? resourceGroupName : '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    exportRetentionDays: exportRetentionDays
    softDeleteRetentionDays: softDeleteRetentionDays
  }
}

module monitoring 'core/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: keyVaultName
    location: location
    tags: tags
    enablePurgeProtection: keyVaultPurgeProtection
    secrets: {
      '${graphClientSecretName}': graphClientSecret
      '${teamsWebhookUrlName}': teamsWebhookUrl
      '${linkSigningKeyName}': linkSigningKey
    }
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    keyVaultName: keyVaultName
    applicationInsightsName: applicationInsightsName
    appIdentityName: identityName
    userPrincipalId: principalId
    userPrincipalType: principalType
    reportReadersGroupId: reportReadersGroupId
    exportsContainerName: 'exports'
  }
  dependsOn: [identity, storage, keyVault, monitoring]
}

// Only with messagingTransport = 'ServiceBus': the namespace, its entities, the app's Sender and
// Receiver roles on each, the dead-letter alert (app/servicebus.bicep).
module serviceBus 'app/servicebus.bicep' = if (useServiceBus) {
  name: 'servicebus'
  scope: rg
  params: {
    name: '${abbrs.serviceBusNamespaces}${resourceToken}'
    location: location
    tags: tags
    sku: serviceBusSku
    premiumCapacity: serviceBusPremiumCapacity
    appIdentityName: identityName
  }
  dependsOn: [identity]
}

var secretsUri = '${keyVault.outputs.uri}secrets/'

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    hostingPlan: hostingPlan
    identityId: identity.outputs.id
    deploymentBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    flexRuntimeVersion: flexRuntimeVersion
    premiumSku: premiumSku
    premiumMinimumInstanceCount: premiumMinimumInstanceCount
    premiumMaximumInstanceCount: premiumMaximumInstanceCount
    // Every setting the app reads. AppSettingsTests checks that each options class bound from
    // configuration finds its Section__Property here (docs/deploy.md: adding a setting).
    appSettings: {
      // Host and app share one identity-based storage connection (StorageAccount.cs).
      AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
      AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
      AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      // MessagingOptions: the transport, and the host's and app's identity-based Service Bus
      // connection (empty with Storage queues, which use the storage connection above).
      Messaging__Transport: messagingTransport
      // Storage queues: PublishChanges hands each change to its subscribers itself; only one that
      // fails gets a queue message (docs/messaging.md). 'false' queues every subscriber's copy.
      Messaging__DeliverInProcess: 'true'
      ServiceBusConnection__fullyQualifiedNamespace: serviceBus.?outputs.fullyQualifiedNamespace ?? ''
      ServiceBusConnection__credential: useServiceBus ? 'managedidentity' : ''
      ServiceBusConnection__clientId: useServiceBus ? identity.outputs.clientId : ''
      // This template creates the tables, queues and containers, unprefixed.
      Storage__Prefix: ''
      Storage__CreateResources: 'false'
      // Telemetry over Entra ID (local auth is off): the host reads the authentication string,
      // the handler's OpenTelemetry exporter uses AZURE_CLIENT_ID's managed identity.
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      AZURE_CLIENT_ID: identity.outputs.clientId
      // ServiceOptions
      Service__TimeZone: service.timeZone
      Service__HomeProvince: service.homeProvince
      Service__ArrivalInProvince: service.arrivalInProvince
      Service__ArrivalOutOfProvince: service.arrivalOutOfProvince
      Service__AgreedArrivalHorizon: service.agreedArrivalHorizon
      Service__LateEntryWindow: service.lateEntryWindow
      Service__LateEntryLimit: service.lateEntryLimit
      Service__FindingsLimit: service.findingsLimit
      Service__TriageLimit: service.triageLimit
      Service__RemoteSolutionLimit: service.remoteSolutionLimit
      Service__DispatchLimit: service.dispatchLimit
      Service__RepairLimit: service.repairLimit
      Service__CommissioningLimit: service.commissioningLimit
      Service__ApprovalLimit: service.approvalLimit
      Service__ReturnLimit: service.returnLimit
      Service__ConfirmationLimit: service.confirmationLimit
      Service__RevisitAfter: service.revisitAfter
      Service__ReopenGrace: service.reopenGrace
      Service__EscalateToManagementAfter: service.escalateToManagementAfter
      Service__DuplicateWindow: service.duplicateWindow
      // ReturnOptions
      Returns__ShipmentLimit: returns.shipmentLimit
      Returns__TransitLimit: returns.transitLimit
      Returns__InspectionLimit: returns.inspectionLimit
      Returns__SettlementLimit: returns.settlementLimit
      Returns__ClosureLimit: returns.closureLimit
      Returns__EscalateToManagementAfter: returns.escalateToManagementAfter
      // CapaOptions
      Capa__NotificationLimit: capa.notificationLimit
      Capa__CauseAnalysisLimit: capa.causeAnalysisLimit
      Capa__PlanningLimit: capa.planningLimit
      Capa__ReviewLimit: capa.reviewLimit
      Capa__ApprovalLimit: capa.approvalLimit
      Capa__VerificationLimit: capa.verificationLimit
      Capa__ClosureLimit: capa.closureLimit
      Capa__RecentFor: capa.recentFor
      Capa__EscalateToManagementAfter: capa.escalateToManagementAfter
      // FieldServiceOptions
      FieldService__LabourRatePerHour: fieldService.labourRatePerHour
      FieldService__OnSiteLimit: fieldService.onSiteLimit
      FieldService__CommissioningLimit: fieldService.commissioningLimit
      FieldService__RevisitWithin: fieldService.revisitWithin
      FieldService__EscalateToManagementAfter: fieldService.escalateToManagementAfter
      // RevisitOptions
      Revisits__Limit: revisits.limit
      Revisits__EscalateToManagementAfter: revisits.escalateToManagementAfter
      // SurveyOptions
      Surveys__FollowUpLimit: surveys.followUpLimit
      Surveys__EscalateToManagementAfter: surveys.escalateToManagementAfter
      // AttachmentOptions
      Attachments__MaxBytes: attachments.maxBytes
      // CustomerOptions
      Customers__KeyFrom: customerGrading.keyFrom
      Customers__OrdinaryFrom: customerGrading.ordinaryFrom
      // NotificationOptions: who is told, in which language, how sending retries (docs/notifications.md)
      Notifications__Delivery: notifications.delivery
      Notifications__PublicBaseUrl: notifications.publicBaseUrl
      Notifications__DefaultLanguage: notifications.defaultLanguage
      Notifications__MaxAttempts: notifications.maxAttempts
      Notifications__RetryDelay: notifications.retryDelay
      Notifications__MaxRetryDelay: notifications.maxRetryDelay
      Notifications__DueSoonWindow: notifications.dueSoonWindow
      Notifications__DigestHour: notifications.digestHour
      Notifications__Departments__marketing__Mailbox: notificationRecipients.marketing.mailbox
      Notifications__Departments__marketing__Group: notificationRecipients.marketing.group
      Notifications__Departments__marketing__Language: notificationRecipients.marketing.language
      Notifications__Departments__quality__Mailbox: notificationRecipients.quality.mailbox
      Notifications__Departments__quality__Group: notificationRecipients.quality.group
      Notifications__Departments__quality__Language: notificationRecipients.quality.language
      Notifications__Departments__technical__Mailbox: notificationRecipients.technical.mailbox
      Notifications__Departments__technical__Group: notificationRecipients.technical.group
      Notifications__Departments__technical__Language: notificationRecipients.technical.language
      Notifications__Departments__procurement__Mailbox: notificationRecipients.procurement.mailbox
      Notifications__Departments__procurement__Group: notificationRecipients.procurement.group
      Notifications__Departments__procurement__Language: notificationRecipients.procurement.language
      Notifications__Departments__management__Mailbox: notificationRecipients.management.mailbox
      Notifications__Departments__management__Group: notificationRecipients.management.group
      Notifications__Departments__management__Language: notificationRecipients.management.language
      Notifications__Supervisors__Mailbox: notificationRecipients.supervisors.mailbox
      Notifications__Supervisors__Group: notificationRecipients.supervisors.group
      Notifications__Supervisors__Language: notificationRecipients.supervisors.language
      // GraphOptions (app-only: Mail.Send scoped with Exchange RBAC for Applications), ApprovalOptions
      Graph__TenantId: tenant().tenantId
      Graph__ClientId: graph.clientId
      Graph__Sender: graph.sender
      Approvals__ClientId: approvalSignIn.clientId
      Approvals__Scope: approvalSignIn.scope
      // Secrets live in Key Vault; the app sees their values through Key Vault references.
      Graph__ClientSecret: '@Microsoft.KeyVault(SecretUri=${secretsUri}${graphClientSecretName})'
      Teams__WebhookUrl: '@Microsoft.KeyVault(SecretUri=${secretsUri}${teamsWebhookUrlName})'
      CustomerLinks__SigningKey: '@Microsoft.KeyVault(SecretUri=${secretsUri}${linkSigningKeyName})'
      // AuthOptions: staff tokens from Entra ID (Auth__SigningKey is local-only and refused in Azure).
      Auth__Authority: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
      Auth__Audience: apiAudience
      // ConsoleOptions: the staff console signs staff in with MSAL in the browser (docs/console.md).
      Console__ClientId: consoleClientId
      Console__Scope: empty(consoleScope) ? '${apiAudience}/.default' : consoleScope
      // CustomerLinkOptions and PublicEndpointOptions
      CustomerLinks__StatusLifetime: customerLinks.statusLifetime
      CustomerLinks__SurveyLifetime: customerLinks.surveyLifetime
      CustomerLinks__ApprovalLifetime: customerLinks.approvalLifetime
      PublicEndpoints__IntakePermits: publicEndpoints.intakePermits
      PublicEndpoints__ReadPermits: publicEndpoints.readPermits
      PublicEndpoints__Window: publicEndpoints.window
      PublicEndpoints__MaxBodyBytes: publicEndpoints.maxBodyBytes
      PublicEndpoints__ClientIpHeader: publicEndpoints.clientIpHeader
    }
  }
  dependsOn: [rbac]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'
output AZURE_FUNCTION_APP_PACKAGE_URL string = functionApp.outputs.packageBlobUrl
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AFTERSALES_MESSAGING_TRANSPORT string = messagingTransport
output AZURE_SERVICE_BUS_NAMESPACE string = serviceBus.?outputs.name ?? ''
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output AZURE_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
