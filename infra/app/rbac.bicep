// Least-privilege role assignments, each scoped to the one resource it is for.
// The app's identity: what the Functions host needs on its storage account (blob leases and
// keys, queue triggers and poison queues, table access for the app), reading Key Vault
// secrets, publishing telemetry. The deploying user (optional): the same data access so they
// can run the app locally against Azure, plus setting secrets. Power BI report authors
// (optional group): read-only on the exports container and on the export's lean tables, nothing else
// (docs/powerbi.md: they sign in with their organizational account; no account keys).

param storageAccountName string
param keyVaultName string
param applicationInsightsName string

@description('Name of the app\'s user-assigned managed identity.')
param appIdentityName string

@description('Object id of the deploying user or group; empty to skip their assignments.')
param userPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param userPrincipalType string = 'User'

@description('Object id of an Entra group of Power BI report authors: read the exports container and the export\'s tables. Empty: none.')
param reportReadersGroupId string = ''

@description('Blob container holding the exports Power BI reads.')
param exportsContainerName string

// Built-in role definition ids (the same in every tenant).
var storageBlobDataOwnerRoleId = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributorRoleId = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultSecretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'
var storageTableDataReaderRoleId = '76199698-9eea-4c19-bc75-cec21354c6b6'
var storageBlobDataReaderRoleId = '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'

// The host with identity-based AzureWebJobsStorage needs Blob Data *Owner* (it manages blob
// leases and its own containers); the app itself only reads and writes data.
var appStorageRoles = [storageBlobDataOwnerRoleId, storageQueueDataContributorRoleId, storageTableDataContributorRoleId]
var userStorageRoles = [storageBlobDataContributorRoleId, storageQueueDataContributorRoleId, storageTableDataContributorRoleId]
var withUser = !empty(userPrincipalId)
var withReportReaders = !empty(reportReadersGroupId)

resource appIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: appIdentityName
}

// Assignment names use the identity's resource id, known before deployment; its principal id is not.
var appPrincipalId = appIdentity.properties.principalId

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource exportsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: exportsContainerName
}

// The Power BI export's lean tables (one per star-schema table); not its bookkeeping, not the records.
var reportTables = filter(loadJsonContent('storage-names.json').tables, t => startsWith(t, 'PowerBi') && t != 'PowerBiExports')

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource reportTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = [
  for table in reportTables: {
    parent: tableService
    name: table
  }
]

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource appStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in appStorageRoles: {
    name: guid(storage.id, appIdentity.id, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appIdentity.id, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, appIdentity.id, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource userStorage 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in userStorageRoles: if (withUser) {
    name: guid(storage.id, userPrincipalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: userPrincipalId
      principalType: userPrincipalType
    }
  }
]

resource userSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (withUser) {
  name: guid(vault.id, userPrincipalId, keyVaultSecretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficerRoleId)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

resource userTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (withUser) {
  name: guid(applicationInsights.id, userPrincipalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: userPrincipalId
    principalType: userPrincipalType
  }
}

// Report authors read data, never write it: blobs only in the exports container, tables only the export's.
resource readersTables 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (table, i) in reportTables: if (withReportReaders) {
    name: guid(reportTable[i].id, reportReadersGroupId, storageTableDataReaderRoleId)
    scope: reportTable[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataReaderRoleId)
      principalId: reportReadersGroupId
      principalType: 'Group'
    }
  }
]

resource readersExports 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (withReportReaders) {
  name: guid(exportsContainer.id, reportReadersGroupId, storageBlobDataReaderRoleId)
  scope: exportsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataReaderRoleId)
    principalId: reportReadersGroupId
    principalType: 'Group'
  }
}
