// The AfterSales storage account: the tables, queues (with poison queues) and containers the app uses.
// The full deployment (Function App, identity, monitoring, Key Vault) builds on this.
targetScope = 'resourceGroup'

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Short name of the environment, used to make resource names unique.')
@minLength(1)
@maxLength(16)
param environmentName string

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))

var tableNames = [
  'Complaints'
  'ComplaintNumbers'
  'Inbox'
  'OutboxPending'
]
var queueNames = [
  'complaint-routing'
]
var containerNames = [
  'attachments'
  'exports'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stas${resourceToken}'
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for name in concat(queueNames, map(queueNames, q => '${q}-poison')): {
    parent: queueService
    name: name
  }
]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for name in containerNames: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

output storageAccountName string = storage.name
