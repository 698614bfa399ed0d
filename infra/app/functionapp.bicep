// The Function App on Linux running the ASP.NET Core custom handler, on Flex Consumption
// (default) or Elastic Premium. Each plan declares the custom handler its own way:
// Flex Consumption in functionAppConfig.runtime (name 'custom'; FUNCTIONS_WORKER_RUNTIME is
// not allowed there), Premium with the FUNCTIONS_WORKER_RUNTIME=custom app setting.

param name string
param planName string
param location string
param tags object = {}

@allowed(['FlexConsumption', 'ElasticPremium'])
param hostingPlan string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Blob endpoint of the storage account holding the deployment container.')
param deploymentBlobEndpoint string
param deploymentContainerName string

@description('The app\'s own settings (identity-based storage, options, Key Vault references).')
param appSettings object

@description('Flex Consumption: the most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Flex Consumption: memory of one instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Flex Consumption: the version of the custom handler runtime stack.')
param flexRuntimeVersion string

@description('Elastic Premium: plan size.')
@allowed(['EP1', 'EP2', 'EP3'])
param premiumSku string

@description('Elastic Premium: always-ready instances (at least 1).')
@minValue(1)
@maxValue(20)
param premiumMinimumInstanceCount int

@description('Elastic Premium: the most instances the plan and the app scale out to.')
@minValue(1)
@maxValue(100)
param premiumMaximumInstanceCount int

var isFlex = hostingPlan == 'FlexConsumption'
var deploymentContainerUrl = '${deploymentBlobEndpoint}${deploymentContainerName}'
// The package name `dotnet publish` writes (artifacts/aftersales-functionapp.zip).
var packageName = 'aftersales-functionapp.zip'

// Premium: no Azure Files content share (it would need a storage key); the app runs from the
// package blob, read with the app's identity.
var premiumSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'custom'
  WEBSITE_RUN_FROM_PACKAGE: '${deploymentContainerUrl}/${packageName}'
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: isFlex ? 'functionapp' : 'elastic'
  sku: isFlex
    ? {
        name: 'FC1'
        tier: 'FlexConsumption'
      }
    : {
        name: premiumSku
        tier: 'ElasticPremium'
      }
  properties: {
    reserved: true // Linux
    maximumElasticWorkerCount: isFlex ? null : premiumMaximumInstanceCount
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      linuxFxVersion: isFlex ? null : ''
      minimumElasticInstanceCount: isFlex ? null : premiumMinimumInstanceCount
      functionAppScaleLimit: isFlex ? null : premiumMaximumInstanceCount
    }
    functionAppConfig: isFlex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: deploymentContainerUrl
              authentication: {
                type: 'UserAssignedIdentity'
                userAssignedIdentityResourceId: identityId
              }
            }
          }
          scaleAndConcurrency: {
            maximumInstanceCount: maximumInstanceCount
            instanceMemoryMB: instanceMemoryMB
          }
          runtime: {
            name: 'custom'
            version: flexRuntimeVersion
          }
        }
      : null
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: isFlex ? appSettings : union(appSettings, premiumSettings)
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output packageBlobUrl string = '${deploymentContainerUrl}/${packageName}'
