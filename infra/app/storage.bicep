// The one storage account the app and the Functions host share: tables, queues (each with its
// poison queue), blob containers, and the container the Function App is deployed from.
// Names come from storage-names.json, the mirror of StorageNames.cs that the tests keep in sync.

@description('Storage account name (3-24 lowercase letters and digits).')
param name string

param location string
param tags object = {}

@description('Blob container the Function App package is deployed to (Flex Consumption reads it; Premium runs from a package in it).')
param deploymentContainerName string

@description('Power BI export run manifests older than this many days are deleted (the table files are kept).')
@minValue(1)
param exportRetentionDays int

@description('Days a deleted blob or container, or an overwritten blob version, can still be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

var names = loadJsonContent('storage-names.json')
// The Functions host moves a message to '<queue>-poison' after maxDequeueCount failures; the
// template creates those queues too so operators can watch them from the first deployment.
var queueNames = flatten(map(names.queues, q => [q, '${q}-poison']))
var exportsContainer = 'exports'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Every caller (host, handler, deploying user) authenticates with Entra ID.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in names.tables: {
    parent: tableService
    name: table
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queueNames: {
    parent: queueService
    name: queue
  }
]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in concat(names.containers, [deploymentContainerName]): {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          // The Power BI export's run manifests pile up; its table files are rewritten only when their
          // month changes, so an old month's file is current, never deleted (docs/powerbi.md).
          name: 'delete-old-exports'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
              prefixMatch: ['${exportsContainer}/powerbi/runs/']
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: exportRetentionDays
                }
              }
              version: {
                delete: {
                  daysAfterCreationGreaterThan: softDeleteRetentionDays
                }
              }
            }
          }
        }
        {
          // Versioning keeps every overwrite; old versions of other blobs go after the soft-delete window.
          name: 'delete-old-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: ['blockBlob']
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: softDeleteRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [containers]
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output tableNames array = names.tables
output queueNames array = queueNames
output containerNames array = names.containers
